/**
 * One command run by a step shell (see step-shell.ts): the same handle as a `RemoteCommand`, over the
 * shell's channel instead of a session of its own.
 *
 * The shell starts the command in a session of its own (`setsid`), which prints its process group first
 * on stderr (the PGID marker), so cancel and timeout kill the whole tree with `kill -- -PGID` from a
 * second channel, as for a `RemoteCommand`; the step shell itself is in another group and survives, ready
 * for the next command. When the command has ended the shell prints an END marker with the nonce and the
 * exit status on stdout and on stderr: each stream is complete once its marker came, and the command has
 * ended once both came. Markers (and the stage marker, as for a `RemoteCommand`) are cut out of the
 * output even when split across chunks; every other byte passes on unchanged.
 *
 * `wait` in sh reports a command killed by signal N as status 128+N, the same as a command that exits
 * 128+N itself: the shell names the signal (`kill -l`) and a status above 128 is reported as that
 * signal. So `exit 137` by the command itself reads as "killed by signal KILL" here (a session of its
 * own tells the two apart). The channel closing before both END markers came is `unknown`, never success.
 */
import type { CommandEnd, CommandHandle, CommandOptions, OutputStream } from './remote-command';
import { MarkerCutter } from './marker-cutter';
import { armDeadline } from './deadline';

/** What a task needs of the step shell that runs it. */
export interface TaskHost {
  pause(): void;
  resume(): void;
  /** Gives up on the shell (its channel is closed; the task ends with its forced end or unknown). */
  abandon(reason: string): void;
}

/** The shell prints the process group first thing; a cancel waits this long for it. */
const PGID_WAIT_MS = 3000;
/** How long a cancelled command may take to end after its process group was killed. */
const END_GRACE_MS = 5000;

type DataListener = (stream: OutputStream, data: Buffer) => void;

/** The markers of a task with `nonce` (the shell prints them; exported for the driver and tests). */
export function taskMarkers(nonce: string): { end: string; pgid: string; suffix: string } {
  return { end: `__quorum_${nonce}_end=`, pgid: `__quorum_${nonce}_pgid=`, suffix: '__\n' };
}

/** Reads an END marker's value: `STATUS` or `STATUS:SIGNAL` (above 128, when the shell named it). */
export function parseEndStatus(value: string): CommandEnd {
  const [status, signal] = value.split(':');
  const code = Number(status);
  if (!Number.isInteger(code)) return { kind: 'unknown', reason: `unreadable end status ${value}` };
  if (code > 128 && signal) return { kind: 'signal', signal };
  return { kind: 'exit', code };
}

export class StepTask implements CommandHandle {
  pgid: number | null = null;
  staged = false;
  readonly result: Promise<CommandEnd>;
  private settle!: (end: CommandEnd) => void;
  private ended = false;
  private forcedEnd: CommandEnd | null = null;
  /** Clears the timeout and the abort listener (see deadline.ts). */
  private readonly disarm: () => void;
  private listeners = new Set<DataListener>();
  private readonly ends: Record<OutputStream, MarkerCutter>;
  private readonly status: Partial<Record<OutputStream, string>> = {};
  private readonly pgidCutter: MarkerCutter;
  private readonly stageCutter: MarkerCutter | null;
  private pgidFound: () => void = () => undefined;
  private readonly pgidKnown = new Promise<void>((resolve) => (this.pgidFound = resolve));
  private endSeen: () => void = () => undefined;
  private readonly endKnown = new Promise<void>((resolve) => (this.endSeen = resolve));

  constructor(
    private readonly host: TaskHost,
    readonly nonce: string,
    private readonly options: CommandOptions,
    /** Kills the remote process group (over a second channel). */
    private readonly killGroup: (pgid: number, sudo: boolean) => Promise<void>,
  ) {
    this.result = new Promise((resolve) => (this.settle = resolve));
    const markers = taskMarkers(nonce);
    this.ends = {
      stdout: new MarkerCutter(markers.end, markers.suffix),
      stderr: new MarkerCutter(markers.end, markers.suffix),
    };
    this.pgidCutter = new MarkerCutter(markers.pgid, markers.suffix);
    this.stageCutter = options.stageMarker ? new MarkerCutter(`${options.stageMarker}\n`) : null;
    this.disarm = armDeadline(options, {
      onTimeout: (afterMs) => void this.abort({ kind: 'timeout', afterMs }),
      onAbort: () => void this.cancel(),
    });
  }

  onData(listener: DataListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pause(): void {
    if (!this.ended) this.host.pause();
  }

  resume(): void {
    if (!this.ended) this.host.resume();
  }

  get done(): boolean {
    return this.ended;
  }

  /**
   * Output of the shell's channel while this task runs. Returns the bytes that followed this task's END
   * marker on that stream (not the task's), or null while the stream has not ended.
   */
  feed(stream: OutputStream, data: Buffer): Buffer | null {
    if (this.status[stream] !== undefined) return data;
    const cut = this.ends[stream].push(data);
    if (stream === 'stdout') this.emit('stdout', cut.out);
    else this.onStderr(cut.out);
    if (cut.value === undefined) return null;
    this.status[stream] = cut.value;
    if (this.status.stdout !== undefined && this.status.stderr !== undefined) {
      this.finish(parseEndStatus(this.status.stderr));
    }
    return cut.rest ?? Buffer.alloc(0);
  }

  /** The shell's channel closed (or it was abandoned) before this task ended. */
  closed(reason: string): void {
    this.finish({ kind: 'unknown', reason });
  }

  connectionLost(reason: string): void {
    this.finish({ kind: 'unknown', reason });
  }

  async cancel(): Promise<CommandEnd> {
    return this.abort({ kind: 'cancelled' });
  }

  private async abort(end: CommandEnd): Promise<CommandEnd> {
    if (this.ended) return this.result;
    this.forcedEnd ??= end;
    if (this.pgid === null) {
      await Promise.race([this.pgidKnown, new Promise((resolve) => setTimeout(resolve, PGID_WAIT_MS))]);
    }
    if (this.ended) return this.result;
    if (this.pgid === null) {
      // It never started (or never said so): the shell cannot be trusted with the next task.
      this.host.abandon('the command did not start in the step shell');
      return this.result;
    }
    try {
      await this.killGroup(this.pgid, Boolean(this.options.sudo));
    } catch {
      // The connection may be gone; giving up on the shell below is all that is left to do.
    }
    // The shell's `wait` returns once the group is dead, and it prints the END markers.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.endKnown,
      new Promise((resolve) => (timer = setTimeout(resolve, END_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!this.ended) this.host.abandon('the cancelled command did not end');
    return this.result;
  }

  private finish(end: CommandEnd): void {
    if (this.ended) return;
    // What the cutters held back was output after all (the stream ended without a marker).
    this.emit('stdout', this.ends.stdout.flush());
    this.onStderr(this.ends.stderr.flush());
    if (this.pgid === null) this.emitStderr(this.pgidCutter.flush());
    if (this.stageCutter && !this.staged) this.emit('stderr', this.stageCutter.flush());
    this.ended = true;
    this.disarm();
    this.endSeen();
    this.settle(this.forcedEnd ?? end);
  }

  private emit(stream: OutputStream, data: Buffer): void {
    if (data.length === 0) return;
    for (const listener of this.listeners) listener(stream, data);
  }

  /** Stderr without the END marker: the PGID marker comes first, then the command's own output. */
  private onStderr(data: Buffer): void {
    if (this.pgid !== null || data.length === 0) return this.emitStderr(data);
    const cut = this.pgidCutter.push(data);
    this.emitStderr(cut.out);
    if (cut.value === undefined) return;
    this.pgid = Number(cut.value);
    this.pgidFound();
    if (cut.rest) this.emitStderr(cut.rest);
  }

  /** The command's own stderr: passed on, except the stage marker (which may arrive split). */
  private emitStderr(data: Buffer): void {
    if (!this.stageCutter || this.staged || data.length === 0) return this.emit('stderr', data);
    const cut = this.stageCutter.push(data);
    this.emit('stderr', cut.out);
    if (cut.value === undefined) return;
    this.staged = true;
    this.options.onStage?.();
    if (cut.rest) this.emit('stderr', cut.rest);
  }
}
