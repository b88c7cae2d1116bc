/**
 * Where deploy and shell output goes, without xterm: terminal bytes never enter the store, and this module
 * is in the start-up bundle while xterm (terminals.ts) loads with the Deploy tab. Output for a terminal
 * that is not shown (every terminal, until the Deploy tab first opens) waits here and is acknowledged at
 * once; the shown one gets it through its view, which acknowledges once xterm has parsed it. That
 * acknowledgement drives the backend's credit-based flow control: a slow renderer slows the nodes down
 * instead of piling up output anywhere.
 */
import { LinePrefixer } from '../../../shared/deploy/line-prefix';

export const ALL_NODES = 'all';

/**
 * A hidden terminal keeps about its scrollback's worth of output (20 000 lines of ~100 characters);
 * older output would scroll out of it anyway and is in the node's log file on disk.
 */
const BACKLOG_CHARS = 2 * 1024 * 1024;

/** The shown terminal, as terminals.ts drives it. */
export interface TerminalView {
  readonly key: string;
  /** Deployment output; `parsed` runs once xterm has parsed it. */
  write(text: string, parsed: () => void): void;
  /** A shell's output (not flow-controlled: a person is typing). */
  writeShell(text: string): void;
}

/** What an interactive shell's terminal sends back. */
export interface ShellHandlers {
  onInput: (data: string) => void;
  onResize: (cols: number, rows: number) => void;
}

interface Backlog {
  texts: string[];
  chars: number;
}

const backlogs = new Map<string, Backlog>();
const shells = new Map<string, ShellHandlers>();
const resetListeners = new Set<() => void>();
let shown: TerminalView | null = null;
let labels = new Map<string, string>();
let prefixer = new LinePrefixer();
let ack: (runId: string, chars: number) => void = () => undefined;

/** Sets how acknowledgements reach the backend. */
export function setAcknowledger(send: (runId: string, chars: number) => void): void {
  ack = send;
}

/** Clears every terminal (a new run, or a reload that refills from the logs). */
export function resetTerminals(nodeLabels: Record<string, string>): void {
  backlogs.clear();
  for (const listener of resetListeners) listener();
  prefixer = new LinePrefixer((node) => labels.get(node) ?? node);
  labels = new Map(Object.entries(nodeLabels));
}

/** Runs `listener` on every reset (terminals.ts clears its xterms); returns the unsubscribe. */
export function onTerminalsReset(listener: () => void): () => void {
  resetListeners.add(listener);
  return () => resetListeners.delete(listener);
}

function keep(key: string, text: string): void {
  let backlog = backlogs.get(key);
  if (!backlog) backlogs.set(key, (backlog = { texts: [], chars: 0 }));
  backlog.texts.push(text);
  backlog.chars += text.length;
  while (backlog.chars > BACKLOG_CHARS && backlog.texts.length > 1)
    backlog.chars -= backlog.texts.shift()!.length;
}

/**
 * Writes a batch for a node to its own terminal and to the shared view. The shown terminal acknowledges
 * it once parsed; a hidden one keeps it until shown, and the batch is acknowledged at once.
 */
export function writeOutput(runId: string | null, node: string, data: string): void {
  let acked = false;
  const done = () => {
    if (!acked && runId) ack(runId, data.length);
    acked = true;
  };
  for (const [key, text] of [
    [node, data],
    [ALL_NODES, prefixer.prefix(node, data)],
  ] as const) {
    if (shown?.key === key) shown.write(text, done);
    else keep(key, text);
  }
  if (shown?.key !== node && shown?.key !== ALL_NODES) done();
}

/** The terminal key of an interactive shell. */
export function shellKey(shellId: string): string {
  return `shell:${shellId}`;
}

/** Registers a shell's terminal: its keystrokes and size changes go to these handlers once it exists. */
export function createShellTerminal(
  shellId: string,
  onInput: ShellHandlers['onInput'],
  onResize: ShellHandlers['onResize'],
): void {
  shells.set(shellKey(shellId), { onInput, onResize });
}

/** The handlers of a shell's terminal (terminals.ts wires them to its xterm), if `key` is a shell's. */
export function shellHandlers(key: string): ShellHandlers | undefined {
  return shells.get(key);
}

/** Output of a shell. */
export function writeShell(shellId: string, data: string): void {
  const key = shellKey(shellId);
  if (shown?.key === key) shown.writeShell(data);
  else keep(key, data);
}

/** Makes `view` the shown terminal and hands it what its terminal missed while hidden. */
export function showTerminal(view: TerminalView): string {
  shown = view;
  const backlog = backlogs.get(view.key);
  backlogs.delete(view.key);
  return backlog ? backlog.texts.join('') : '';
}

/** The terminal `view` is no longer shown (unless another took its place already). */
export function hideTerminal(view: TerminalView): void {
  if (shown === view) shown = null;
}
