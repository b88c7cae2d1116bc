import type { KeyboardEvent } from 'react';
import type { GuideChapter } from '../../../../shared/guide/types';

export interface ChapterEntry {
  chapter: GuideChapter;
  done: number;
  total: number;
  complete: boolean;
  /** Its checkpoint passed. */
  passed: boolean;
}

/**
 * The chapters, top to bottom in the guide's order, each with its progress. A vertical tab list: ↑/↓,
 * Home and End move between chapters (WAI-ARIA tabs).
 */
export function ChapterList({
  entries,
  selected,
  onSelect,
}: {
  entries: ChapterEntry[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  const onKeyDown = (event: KeyboardEvent) => {
    const index = entries.findIndex((e) => e.chapter.id === selected);
    const target =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? entries.length - 1
              : null;
    if (target === null) return;
    event.preventDefault();
    const next = entries[Math.max(0, Math.min(entries.length - 1, target))];
    if (!next) return;
    onSelect(next.chapter.id);
    document.getElementById(`guide-chapter-${next.chapter.id}`)?.focus();
  };
  return (
    <nav className="guide-nav" aria-label="Guide chapters">
      <div role="tablist" aria-orientation="vertical" aria-label="Chapters" onKeyDown={onKeyDown}>
        {entries.map(({ chapter, done, total, complete, passed }, i) => (
          <button
            key={chapter.id}
            id={`guide-chapter-${chapter.id}`}
            type="button"
            role="tab"
            aria-selected={chapter.id === selected}
            aria-controls="guide-chapter-panel"
            tabIndex={chapter.id === selected ? 0 : -1}
            className={`guide-nav-item${complete ? ' guide-nav-complete' : ''}`}
            data-testid={`guide-nav-${chapter.id}`}
            onClick={() => onSelect(chapter.id)}
          >
            <span className="guide-nav-number" aria-hidden="true">
              {complete ? '✔' : i}
            </span>
            <span className="guide-nav-title">
              {chapter.title}
              {passed && <span className="guide-nav-passed"> · checkpoint passed</span>}
              {chapter.labLimits.length > 0 && (
                <span className="guide-nav-lab" title={chapter.labLimits.join(' ')}>
                  {' '}
                  · lab: partly
                </span>
              )}
            </span>
            <span className="guide-nav-count muted" aria-label={`${done} of ${total} done`}>
              {done}/{total}
            </span>
            <progress className="guide-nav-progress" max={total} value={done} aria-hidden="true" />
          </button>
        ))}
      </div>
    </nav>
  );
}
