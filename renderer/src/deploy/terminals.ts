/**
 * The deploy terminals, outside React: terminal bytes go straight to xterm, never into the store.
 * One xterm for "all nodes" (each line prefixed with its coloured host name) and one per node. Output is
 * acknowledged to the backend from xterm's write callback, which is what drives the backend's credit-
 * based flow control: a slow renderer slows the nodes down instead of piling up output anywhere.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { LinePrefixer } from '../../../shared/deploy/line-prefix';

export const ALL_NODES = 'all';

interface Pane {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
  opened: boolean;
  /** Output for a terminal that is not shown, written when it is (xterm parses only what is seen). */
  backlog: string[];
  backlogChars: number;
}

/** Enough history to scroll through a long step; older output stays in the node's log file. */
const SCROLLBACK_LINES = 20_000;
/**
 * A hidden terminal keeps about its scrollback's worth of output (20 000 lines of ~100 characters);
 * older output would scroll out of it anyway and is in the node's log file on disk.
 */
const BACKLOG_CHARS = 2 * 1024 * 1024;

const panes = new Map<string, Pane>();
let visible: string | null = null;
let prefixer = new LinePrefixer();
let labels = new Map<string, string>();
let ack: (runId: string, chars: number) => void = () => undefined;

function pane(key: string, interactive = false): Pane {
  let p = panes.get(key);
  if (!p) {
    const term = new Terminal({
      // A PTY sends its own CR LF; deployment output has bare LF.
      convertEol: !interactive,
      scrollback: SCROLLBACK_LINES,
      disableStdin: !interactive,
      fontSize: 12,
      theme: { background: '#11151c' },
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    p = { term, fit, search, opened: false, backlog: [], backlogChars: 0 };
    panes.set(key, p);
  }
  return p;
}

/** Sets how acknowledgements reach the backend. */
export function setAcknowledger(send: (runId: string, chars: number) => void): void {
  ack = send;
}

/** Clears every terminal (a new run, or a reload that refills from the logs). */
export function resetTerminals(nodeLabels: Record<string, string>): void {
  for (const p of panes.values()) {
    p.term.reset();
    p.backlog = [];
    p.backlogChars = 0;
  }
  prefixer = new LinePrefixer((node) => labels.get(node) ?? node);
  labels = new Map(Object.entries(nodeLabels));
}

function keep(p: Pane, text: string): void {
  p.backlog.push(text);
  p.backlogChars += text.length;
  while (p.backlogChars > BACKLOG_CHARS && p.backlog.length > 1) p.backlogChars -= p.backlog.shift()!.length;
}

/**
 * Writes a batch for a node to its own terminal and to the shared view. The shown terminal parses it
 * now and acknowledges from xterm's write callback; a hidden one keeps it until shown.
 */
export function writeOutput(runId: string | null, node: string, data: string): void {
  const targets: [string, string][] = [
    [node, data],
    [ALL_NODES, prefixer.prefix(node, data)],
  ];
  let acked = false;
  const done = () => {
    if (!acked && runId) ack(runId, data.length);
    acked = true;
  };
  for (const [key, text] of targets) {
    const p = pane(key);
    if (key === visible) p.term.write(text, done);
    else keep(p, text);
  }
  if (visible !== node && visible !== ALL_NODES) done();
}

/** Shows a terminal in a container (moving its element there if it was shown elsewhere). */
export function mountTerminal(key: string, container: HTMLElement): () => void {
  const p = pane(key);
  visible = key;
  // One terminal shows at a time: take the previous one's element out (it keeps its state).
  for (const child of [...container.children]) if (child !== p.term.element) child.remove();
  if (!p.opened) {
    p.term.open(container);
    p.opened = true;
  } else if (p.term.element && p.term.element.parentElement !== container) {
    container.appendChild(p.term.element);
  }
  if (p.backlog.length > 0) {
    p.term.write(p.backlog.join(''));
    p.backlog = [];
    p.backlogChars = 0;
  }
  const refit = () => {
    if (container.clientWidth > 0) p.fit.fit();
  };
  refit();
  const observer = new ResizeObserver(refit);
  observer.observe(container);
  return () => {
    observer.disconnect();
    if (visible === key) visible = null;
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

/** The terminal key of an interactive shell. */
export function shellKey(shellId: string): string {
  return `shell:${shellId}`;
}

/** Creates a shell's terminal: keystrokes and size changes go to `onInput` and `onResize`. */
export function createShellTerminal(
  shellId: string,
  onInput: (data: string) => void,
  onResize: (cols: number, rows: number) => void,
): void {
  const p = pane(shellKey(shellId), true);
  p.term.onData(onInput);
  p.term.onResize(({ cols, rows }) => onResize(cols, rows));
}

/** Output of a shell (not flow-controlled: a person is typing). */
export function writeShell(shellId: string, data: string): void {
  const p = pane(shellKey(shellId), true);
  if (visible === shellKey(shellId)) p.term.write(data);
  else keep(p, data);
}

/** The size a shell's terminal has now (to open the remote PTY with it). */
export function terminalSize(key: string): { cols: number; rows: number } {
  const { cols, rows } = pane(key).term;
  return { cols, rows };
}
