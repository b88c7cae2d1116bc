import { useEffect, useRef, useState } from 'react';
import '@xterm/xterm/css/xterm.css';
import { useStore } from '../../store';
import { mountTerminal, searchTerminal, terminalText } from '../../deploy/terminals';
import { ALL_NODES, shellKey } from '../../deploy/terminal-output';
import { openShell } from '../../deploy/actions';

function saveText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The deploy terminal: an "all nodes" tab and one per node, with search, copy and save. */
export function TerminalPanel() {
  const plan = useStore((s) => s.deployPlan);
  const tab = useStore((s) => s.terminalTab);
  const shells = useStore((s) => s.shells);
  const setTab = useStore((s) => s.setTerminalTab);
  const host = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<boolean | null>(null);

  useEffect(() => {
    if (!host.current) return;
    return mountTerminal(tab, host.current);
  }, [tab]);

  const hostname = (id: string) => plan?.nodes.find((n) => n.id === id)?.hostname ?? id;
  const tabs = [
    { id: ALL_NODES, label: 'All nodes' },
    ...(plan?.nodes ?? []).map((n) => ({ id: n.id, label: n.hostname })),
    ...shells.map((sh) => ({
      id: shellKey(sh.shellId),
      label: `Shell: ${hostname(sh.node)}${sh.ended ? ' (ended)' : ''}`,
    })),
  ];
  const node = plan?.nodes.find((n) => n.id === tab);
  return (
    <section className="card terminal-card" aria-label="Terminal">
      <div className="terminal-bar">
        <div role="tablist" aria-label="Terminal view" className="terminal-tabs">
          {tabs.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={tab === t.id}
              className="terminal-tab"
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <form
          className="terminal-search"
          onSubmit={(e) => {
            e.preventDefault();
            setFound(searchTerminal(tab, query));
          }}
        >
          <input
            aria-label="Search the terminal"
            placeholder="Search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="submit">Find</button>
          {found === false && <span className="muted">not found</span>}
        </form>
        {node && <button onClick={() => void openShell(node.id)}>Open shell on {node.hostname}</button>}
        <button onClick={() => void navigator.clipboard?.writeText(terminalText(tab))}>Copy all</button>
        <button onClick={() => saveText(`${tab}.log`, terminalText(tab))}>Save log</button>
      </div>
      <div
        className="terminal-host"
        ref={host}
        data-testid={`terminal-${tab.startsWith('shell:') ? 'shell' : tab}`}
      />
    </section>
  );
}
