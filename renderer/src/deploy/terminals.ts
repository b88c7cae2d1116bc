/**
 * The deploy terminals' xterms (loaded with the Deploy tab; output is routed by terminal-output.ts). One
 * xterm for "all nodes" (each line prefixed with its coloured host name), one per node and one per shell.
 * Deploy output reaches the shown xterm through a `SlicedWriter`, so a flood never takes the page's input
 * latency with it; its parse callbacks are the backend's acknowledgements.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { SlicedWriter } from './sliced-writer';
import {
  hideTerminal,
  onTerminalsReset,
  shellHandlers,
  showTerminal,
  type TerminalView,
} from './terminal-output';

interface Pane {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
  /** Deploy output goes in through this; a shell's keystroke echo does not. */
  writer: SlicedWriter;
  opened: boolean;
}

/** Enough history to scroll through a long step; older output stays in the node's log file. */
const SCROLLBACK_LINES = 20_000;

const panes = new Map<string, Pane>();

function pane(key: string): Pane {
  let p = panes.get(key);
  if (!p) {
    const shell = shellHandlers(key);
    const term = new Terminal({
      // A PTY sends its own CR LF; deployment output has bare LF.
      convertEol: !shell,
      scrollback: SCROLLBACK_LINES,
      disableStdin: !shell,
      fontSize: 12,
      theme: { background: '#11151c' },
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    if (shell) {
      term.onData(shell.onInput);
      term.onResize(({ cols, rows }) => shell.onResize(cols, rows));
    }
    p = { term, fit, search, writer: new SlicedWriter(term), opened: false };
    panes.set(key, p);
  }
  return p;
}

onTerminalsReset(() => {
  for (const p of panes.values()) {
    p.writer.discard();
    p.term.reset();
  }
});

/** Shows a terminal in a container (moving its element there if it was shown elsewhere). */
export function mountTerminal(key: string, container: HTMLElement): () => void {
  const p = pane(key);
  // One terminal shows at a time: take the previous one's element out (it keeps its state).
  for (const child of [...container.children]) if (child !== p.term.element) child.remove();
  if (!p.opened) {
    p.term.open(container);
    p.opened = true;
  } else if (p.term.element && p.term.element.parentElement !== container) {
    container.appendChild(p.term.element);
  }
  const view: TerminalView = {
    key,
    write: (text, parsed) => p.writer.write(text, parsed),
    writeShell: (text) => p.term.write(text),
  };
  const missed = showTerminal(view);
  if (missed) {
    if (shellHandlers(key)) p.term.write(missed);
    else p.writer.write(missed);
  }
  const refit = () => {
    if (container.clientWidth > 0) p.fit.fit();
  };
  refit();
  const observer = new ResizeObserver(refit);
  observer.observe(container);
  return () => {
    observer.disconnect();
    hideTerminal(view);
  };
}

/** Finds the next match in a terminal; false when there is none. */
export function searchTerminal(key: string, text: string, backwards = false): boolean {
  const p = pane(key);
  return backwards ? p.search.findPrevious(text) : p.search.findNext(text);
}

/** The terminal's whole buffer as plain text (for Save log / Copy all). */
export function terminalText(key: string): string {
  const buffer = pane(key).term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n').replace(/\n+$/, '\n');
}
