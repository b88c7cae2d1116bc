/**
 * One command on a node: a handle over an ssh2 exec channel that always drains stdout and stderr,
 * answers sudo's one-off prompt from the channel, and classifies how the command ended.
 *
 * The remote side is wrapped so that
 *   - the login shell (a session leader: sshd calls setsid for it) prints its pid, which is the process
 *     group of everything the command starts, so cancel can kill the whole tree (`kill -- -PGID`);
 *   - sudo gets `-S -p <random prompt>`: the password goes through the channel only after that exact
 *     prompt appears, never on a command line; a second prompt means a wrong password and fails at once;
 *   - a READY marker tells the handle that sudo is done and the command's own output begins;
 *   - with `trace`, the shell first writes its process group, start time and boot id to a trace file on
 *     the node, so that a later session (after Quorum itself died) can find and kill what it left
 *     running (see process-traces.ts).
 * Markers and the prompt are removed from stderr before anyone sees it.
 */
import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { traceWriter, type CommandTrace } from './process-traces';
import { armDeadline } from './deadline';
import { shellQuote } from '../../shared/shell/quote';

/** How a command ended. `unknown` means we cannot tell (connection lost): never success. */
export type CommandEnd =
  | { kind: 'exit'; code: number }
  | { kind: 'signal'; signal: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'cancelled' }
  | { kind: 'sudo-failed'; message: string };

export type OutputStream = 'stdout' | 'stderr';

export interface CommandOptions {
  sudo?: boolean;
  /** sudo's password; asked for by prompt, written to the channel, never placed on a command line. */
  sudoPassword?: string;
  /** Sent to the command's stdin once it runs (after sudo), then stdin is closed. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Leave a trace file on the node while the command runs (found and reaped after a crash). */
  trace?: CommandTrace;
  /**
   * A line the command prints on stderr when it moves on to its next stage (a guard that failed, so the
   * action starts): removed from the output, it sets `staged` and calls `onStage`.
   */
  stageMarker?: string;
  onStage?: () => void;
  /** Told once per node and level when commands cannot run in a step shell there (see step-shells.ts). */
  notice?: (text: string) => void;
}

type DataListener = (stream: OutputStream, data: Buffer) => void;

/**
 * What the runner and the output pump need of a running command, however it runs on the node: its own
 * SSH session (`RemoteCommand`) or a task of a long-lived step shell (`StepTask`, see step-shell.ts).
 */
export interface CommandHandle {
  /** How the command ended; never rejects. */
  readonly result: Promise<CommandEnd>;
  /** The remote process group, once known. */
  readonly pgid: number | null;
  /** Whether the command printed its stage marker (see `CommandOptions.stageMarker`). */
  readonly staged: boolean;
  onData(listener: DataListener): () => void;
  /** Stops reading its output (the node blocks once ssh2's window is full). */
  pause(): void;
  resume(): void;
  /** Kills the remote process tree; resolves when the command has ended. */
  cancel(): Promise<CommandEnd>;
  /** The connection was lost: the outcome is unknown. */
  connectionLost(reason: string): void;
}

/** Builds the remote command line for `command` (exported for the tests and the dry run). */
export function wrapCommand(
  command: string,
  token: string,
  sudo: boolean,
  trace?: CommandTrace,
): { line: string; prompt: string; pgidMarker: RegExp; readyMarker: string } {
  const prompt = `[quorum-sudo-${token}] `;
  const readyMarker = `__quorum_${token}_ready__\n`;
  const pgid = `printf '__quorum_${token}_pgid=%d__\\n' $$ >&2`;
  const ready = `printf '__quorum_${token}_ready__\\n' >&2`;
  const inner = sudo
    ? `exec sudo -S -p ${shellQuote(prompt)} -- sh -c ${shellQuote(`${ready}; exec sh -c "$1"`)} quorum ${shellQuote(command)}`
    : `${ready}; exec sh -c ${shellQuote(command)}`;
  return {
    line: `${trace ? `${traceWriter(trace, token)} ` : ''}${pgid}; ${inner}`,
    prompt,
    pgidMarker: new RegExp(`__quorum_${token}_pgid=(\\d+)__\\n`),
    readyMarker,
  };
}

/** Most of sudo's chatter we keep before READY (its errors); more is not sudo talking. */
const PREAMBLE_LIMIT = 64 * 1024;

/** The shell prints its process group first thing; a cancel waits this long for it. */
const PGID_WAIT_MS = 3000;
/** How long a cancelled command's channel may take to close after its processes were killed. */
const CLOSE_GRACE_MS = 5000;

export class RemoteCommand implements CommandHandle {
  /** The remote process group (the login shell's pid), once known. */
  pgid: number | null = null;
  /** Whether the command printed its stage marker (see `CommandOptions.stageMarker`). */
  staged = false;
  /** Stderr held back while it could be the start of the stage marker (latin1: bytes kept as they are). */
  private stageHeld = '';
  readonly result: Promise<CommandEnd>;
  private listeners = new Set<DataListener>();
  /**
   * Output that came before anyone listened. The handle is made inside ssh2's exec callback (so no
   * 'exit' is missed) and the channel may deliver its first bytes before the caller's `await` resumes
   * and calls `onData`; they wait here and go to the first listener.
   */
  private early: Array<[OutputStream, Buffer]> | null = [];
  private settle!: (end: CommandEnd) => void;
  private ended = false;
  private ready = false;
  private preamble = '';
  private promptsSeen = 0;
  private exit: CommandEnd | null = null;
  /** Clears the timeout and the abort listener (see deadline.ts). */
  private readonly disarm: () => void;
  private forcedEnd: CommandEnd | null = null;
  private readonly started = Date.now();
  private pgidFound: () => void = () => undefined;
  private readonly pgidKnown = new Promise<void>((resolve) => (this.pgidFound = resolve));

  constructor(
    private readonly channel: ClientChannel,
    private readonly wrap: ReturnType<typeof wrapCommand>,
    private readonly options: CommandOptions,
    /** Kills the remote process group (runs `kill` over a second channel). */
    private readonly killGroup: (pgid: number, sudo: boolean) => Promise<void>,
  ) {
    this.result = new Promise((resolve) => (this.settle = resolve));
    channel.on('data', (data: Buffer) => this.emit('stdout', data));
    channel.stderr.on('data', (data: Buffer) => this.onStderr(data));
    const exited = (code?: number | null, signal?: string) => {
      if (typeof code === 'number') this.exit = { kind: 'exit', code };
      else if (signal) this.exit = { kind: 'signal', signal: signal.replace(/^SIG/, '') };
    };
    channel.on('exit', exited);
    // The end is known once the channel closed AND both streams delivered their last byte (a paused
    // stream may still hold data when the close arrives).
    const ends = { stdout: false, stderr: false, close: false };
    const settleIfDrained = () => {
      if (ends.stdout && ends.stderr && ends.close) {
        this.finish(this.exit ?? { kind: 'unknown', reason: 'the channel closed without an exit status' });
      }
    };
    channel.on('end', () => ((ends.stdout = true), settleIfDrained()));
    channel.stderr.on('end', () => ((ends.stderr = true), settleIfDrained()));
    // ssh2 passes the exit status to 'close' too: a second source for it, should 'exit' ever be emitted
    // before this handle listens (the node's replies in one read on a loaded host; the connection makes
    // the handle inside ssh2's exec callback for that reason). A lost connection passes no status.
    channel.on('close', (code?: number | null, signal?: string) => {
      if (!this.exit) exited(code, signal);
      ends.close = true;
      settleIfDrained();
    });
    this.disarm = armDeadline(options, {
      onTimeout: (afterMs) => void this.abort({ kind: 'timeout', afterMs }),
      onAbort: () => void this.cancel(),
    });
  }

  /** Generates the random token each command's markers and prompt use. */
  static token(): string {
    return randomBytes(9).toString('hex');
  }

  onData(listener: DataListener): () => void {
    this.listeners.add(listener);
    const early = this.early;
    this.early = null;
    for (const [stream, data] of early ?? []) listener(stream, data);
    return () => this.listeners.delete(listener);
  }

  /** Stops reading from the channel: ssh2 stops granting window, so the remote side blocks. */
  pause(): void {
    this.channel.pause();
    this.channel.stderr.pause();
  }

  resume(): void {
    this.channel.resume();
    this.channel.stderr.resume();
  }

  /** Kills the remote process tree, then closes the channel. Resolves when the command has ended. */
  async cancel(): Promise<CommandEnd> {
    return this.abort({ kind: 'cancelled' });
  }

  /** Called by the connection when it is lost: every open command's outcome is unknown. */
  connectionLost(reason: string): void {
    this.finish({ kind: 'unknown', reason });
  }

  private async abort(end: CommandEnd): Promise<CommandEnd> {
    if (this.ended) return this.result;
    this.forcedEnd ??= end;
    if (this.pgid === null) {
      // Cancelled before the remote shell reported its process group: wait for it briefly, so that
      // what already started is killed too instead of being orphaned by closing the channel.
      await Promise.race([this.pgidKnown, new Promise((resolve) => setTimeout(resolve, PGID_WAIT_MS))]);
    }
    if (this.pgid !== null) {
      try {
        await this.killGroup(this.pgid, Boolean(this.options.sudo));
      } catch {
        // The connection may be gone; closing the channel below is all that is left to do.
      }
    }
    this.channel.close();
    // sshd answers our close only once the command's output is closed; do not wait for ever on it.
    setTimeout(
      () => this.finish({ kind: 'unknown', reason: 'the channel did not close' }),
      CLOSE_GRACE_MS,
    ).unref();
    return this.result;
  }

  private finish(end: CommandEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.disarm();
    if (!this.ready && this.preamble) {
      this.emit('stderr', Buffer.from(this.preamble.replace(/Sorry, try again\.\n?/g, ''), 'latin1'));
    }
    if (this.stageHeld) this.emit('stderr', Buffer.from(this.stageHeld, 'latin1'));
    this.stageHeld = '';
    this.settle(this.forcedEnd ?? end);
  }

  private emit(stream: OutputStream, data: Buffer): void {
    if (this.early) this.early.push([stream, data]);
    for (const listener of this.listeners) listener(stream, data);
  }

  private onStderr(data: Buffer): void {
    if (this.ready) return this.emitStderr(data);
    this.preamble += data.toString('latin1');
    const pgid = this.wrap.pgidMarker.exec(this.preamble);
    if (pgid) {
      this.pgid = Number(pgid[1]);
      this.pgidFound();
      this.preamble = this.preamble.replace(pgid[0], '');
    }
    if (this.preamble.endsWith(this.wrap.prompt)) {
      this.preamble = this.preamble.slice(0, -this.wrap.prompt.length);
      this.promptsSeen += 1;
      if (this.options.sudoPassword === undefined) {
        return this.failSudo('sudo asks for a password and none is set for this node');
      }
      if (this.promptsSeen > 1) {
        return this.failSudo('sudo: wrong password (sudo asked again after the password was sent)');
      }
      this.channel.write(`${this.options.sudoPassword}\n`);
      return;
    }
    const at = this.preamble.indexOf(this.wrap.readyMarker);
    if (at >= 0) {
      this.ready = true;
      const before = this.preamble.slice(0, at).replace(/^Sorry, try again\.\n/gm, '');
      const after = this.preamble.slice(at + this.wrap.readyMarker.length);
      this.preamble = '';
      if (before.trim()) this.emit('stderr', Buffer.from(before, 'latin1'));
      if (after) this.emitStderr(Buffer.from(after, 'latin1'));
      const input = this.options.stdin;
      if (input !== undefined) this.channel.end(input);
      else this.channel.end();
      return;
    }
    if (this.preamble.length > PREAMBLE_LIMIT) {
      this.ready = true;
      this.emit('stderr', Buffer.from(this.preamble, 'latin1'));
      this.preamble = '';
    }
  }

  /** The command's own stderr: passed on, except the stage marker (which may arrive split). */
  private emitStderr(data: Buffer): void {
    const marker = this.options.stageMarker;
    if (!marker || this.staged) return this.emit('stderr', data);
    const text = this.stageHeld + data.toString('latin1');
    const line = `${marker}\n`;
    const at = text.indexOf(line);
    if (at >= 0) {
      this.stageHeld = '';
      if (at > 0) this.emit('stderr', Buffer.from(text.slice(0, at), 'latin1'));
      this.staged = true;
      this.options.onStage?.();
      const after = text.slice(at + line.length);
      if (after) this.emit('stderr', Buffer.from(after, 'latin1'));
      return;
    }
    let keep = Math.min(line.length - 1, text.length);
    while (keep > 0 && !line.startsWith(text.slice(text.length - keep))) keep -= 1;
    this.stageHeld = text.slice(text.length - keep);
    if (text.length > keep) this.emit('stderr', Buffer.from(text.slice(0, text.length - keep), 'latin1'));
  }

  private failSudo(message: string): void {
    const detail = this.preamble.replace(/Sorry, try again\.\n?/g, '').trim();
    this.forcedEnd = { kind: 'sudo-failed', message: detail ? `${message}: ${detail}` : message };
    this.channel.close();
  }

  /** Output that arrived before the command started (sudo's own errors), for error messages. */
  get sudoOutput(): string {
    return this.preamble;
  }

  get elapsedMs(): number {
    return Date.now() - this.started;
  }
}
