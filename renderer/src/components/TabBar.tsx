import type { KeyboardEvent } from 'react';
import { TABS } from '../store/state';
import { useStore } from '../store';
import { ValidateBadge } from './validate/ValidateBadge';

/** The wizard's steps, left to right as the work flows; arrow keys move between them (WAI-ARIA tabs). */
export function TabBar() {
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    const next = TABS[(index + delta + TABS.length) % TABS.length];
    if (next) {
      setTab(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };
  return (
    <div className="tabs" role="tablist" aria-label="Wizard steps" onKeyDown={onKeyDown}>
      {TABS.map((t, i) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === tab}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === tab ? 0 : -1}
          className="tab"
          onClick={() => setTab(t.id)}
        >
          <span className="tab-step">{i + 1}</span>
          {t.label}
          {t.id === 'validate' && <ValidateBadge />}
        </button>
      ))}
    </div>
  );
}
