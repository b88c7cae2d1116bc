/**
 * A step shell: one long-lived exec channel per node (and privilege level) whose remote side is a small
 * POSIX sh loop, the driver, that runs the node's commands one after the other. Why: on a node, what costs
 * most per command is the SSH session (sshd forks, the login shell starts and reads its rc files, which
 * may take most of a second); a step shell pays that once instead of once per command.
 *
 * The driver (see `driverScript`) reads a frame per command from stdin:
 *     NONCE CMDLEN INLEN\n  <CMDLEN bytes: the task script>  <INLEN bytes: its stdin>  end-NONCE\n
 * (INLEN `-` for no stdin: it reads /dev/null). Lengths, not lines: any byte may be in a payload, and
 * GNU `head -c N` reads exactly N bytes from a pipe. The trailer checks the framing: on a mismatch the
 * driver stops before running anything. Both payloads go to files in a private temp folder (mktemp -d,
 * 0700, removed when the driver exits). The command runs as `setsid sh FILE <STDIN &`: a session and
 * process group of its own, whose leader prints its PGID (and writes the orphan trace, see
 * process-traces.ts) before it execs `sh -c COMMAND`; the driver `wait`s, then prints the END marker
 * (see step-task.ts). A new driver first runs a probe: `cat` of all 256 byte values must come back
 * unchanged with exit 0 (this checks the tools, the framing and that nothing in between, e.g. a pty under
 * sudo, alters bytes). A driver that cannot start or fails its probe leaves the node to one SSH session
 * per command, as before; the node's output says so once.
 *
 * With sudo, the driver itself runs under `sudo -S -p PROMPT` (the prompt answered once from the
 * channel, as for a `RemoteCommand`; a second prompt means a wrong password and fails at once).
 *
 * Known differences from a session per command: a command started in the background by sh ignores
 * SIGINT and SIGQUIT (POSIX), which Quorum never sends; output a command's own background children print
 * after it ended goes with the next command on that shell (or is lost when none follows); a status of
 * 129 and above reads as a signal (see step-task.ts).
 */
import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import type { CommandEnd, CommandHandle, CommandOptions } from './remote-command';
import { shellQuote } from '../../shared/shell/quote';
import { traceWriter, type CommandTrace } from './process-traces';
import { StepTask, taskMarkers, type TaskHost } from './step-task';

/** Tools the driver needs beyond sh's built-ins (it says which one is missing). */
const DRIVER_TOOLS = ['setsid', 'head', 'cat', 'mktemp', 'rm'];

/** The driver loop (POSIX sh), with its `token` in its own markers. */
export function driverScript(token: string): string {
  const say = (what: string) => `printf '__quorum_%s_${what}__\\n' "$t" >&2`;
  return [
    `t=${token}`,
    `for x in ${DRIVER_TOOLS.join(' ')}; do command -v "$x" >/dev/null 2>&1 || { printf '__quorum_%s_missing=%s__\\n' "$t" "$x" >&2; exit 97; }; done`,
    `d=$(mktemp -d) || { ${say('missing=mktemp')}; exit 97; }`,
    `trap 'rm -rf "$d"' EXIT`,
    `trap 'exit 129' HUP; trap 'exit 141' PIPE; trap 'exit 143' TERM`,
    `${say('ready')}; printf '__quorum_%s_ready__\\n' "$t"`,
    `while IFS=' ' read -r n c i; do`,
    `  { head -c "$c" >"$d/c" && { [ "$i" = - ] || head -c "$i" >"$d/i"; } && IFS= read -r e && [ "$e" = "end-$n" ]; } || { ${say('desync')}; exit 98; }`,
    `  if [ "$i" = - ]; then setsid sh "$d/c" </dev/null & else setsid sh "$d/c" <"$d/i" & fi`,
    // The payloads may hold secrets: emptied (no fork: a redirection) as soon as the command ended.
    `  wait $! 2>/dev/null; s=$?; : >"$d/c"; : >"$d/i"; [ $s -gt 128 ] && s="$s:$(kill -l $s 2>/dev/null)"`,
    `  printf '__quorum_%s_end=%s__\\n' "$n" "$s"; printf '__quorum_%s_end=%s__\\n' "$n" "$s" >&2`,
    'done',
  ].join('\n');
}

/** The remote command line that starts a driver (as root through sudo with `prompt`). */
export function driverLine(token: string, prompt: string | null): string {
  const driver = shellQuote(driverScript(token));
  return prompt === null
    ? `exec sh -c ${driver}`
    : `exec sudo -S -p ${shellQuote(prompt)} -- sh -c ${driver}`;
}

/** The script a task's own shell runs: trace, PGID marker, then the command. */
export function taskScript(command: string, nonce: string, asRoot: boolean, trace?: CommandTrace): string {
  const traced = trace ? `${traceWriter(trace, nonce, asRoot ? 'root' : undefined)} ` : '';
  return `${traced}printf '${taskMarkers(nonce).pgid}%d__\\n' $$ >&2; exec sh -c ${shellQuote(command)}\n`;
}

/** Why a driver did not start: sudo refused us (a task fails), or the node cannot host one (fallback). */
export type StartFailure =
  { kind: 'sudo-failed'; message: string } | { kind: 'unavailable'; reason: string; lasting: boolean };

/** Most of sudo's chatter we keep before READY; more is not sudo talking. */
const PREAMBLE_LIMIT = 64 * 1024;

/** One driver over one channel; runs one task at a time. */
export class StepShell implements TaskHost {
  readonly token = randomBytes(9).toString('hex');
  /** Resolves once the driver is ready (null) or failed to start. */
  readonly ready: Promise<StartFailure | null>;
  private readySettle!: (failure: StartFailure | null) => void;
  private channel: ClientChannel | null = null;
  private started = false;
  private preamble = '';
  /** Stdout before the driver's READY there: what the login shell's rc files printed (dropped). */
  private stdoutPreamble = '';
  private readyOn = { stdout: false, stderr: false };
  private prompts = 0;
  private readonly prompt: string | null;
  private current: StepTask | null = null;
  private stray: Buffer[] = [];
  private exitCode: number | null = null;
  closed = false;
  /** Held by the caller that chose this shell, until its task ended (set by the manager). */
  claimed = true;

  constructor(
    readonly sudo: boolean,
    private readonly sudoPassword: string | undefined,
  ) {
    this.ready = new Promise((resolve) => (this.readySettle = resolve));
    this.prompt = sudo ? `[quorum-sudo-${this.token}] ` : null;
  }

  /** The command line to open the channel with. */
  get line(): string {
    return driverLine(this.token, this.prompt);
  }

  get idle(): boolean {
    return this.started && !this.closed && !this.claimed && this.current === null;
  }

  /** Binds the opened channel and starts the handshake. */
  attach(channel: ClientChannel): void {
    this.channel = channel;
    channel.on('data', (data: Buffer) => this.onOutput('stdout', data));
    channel.stderr.on('data', (data: Buffer) => this.onOutput('stderr', data));
    channel.on('exit', (code: number | null) => (this.exitCode = code));
    // Closed once the channel closed AND both streams gave their last byte (a paused stream may still
    // hold a task's END marker when the close arrives).
    const ends = { stdout: false, stderr: false, close: false };
    const closeIfDrained = () => {
      if (ends.stdout && ends.stderr && ends.close) {
        this.onClose('the channel closed without an exit status (step shell)');
      }
    };
    channel.on('end', () => ((ends.stdout = true), closeIfDrained()));
    channel.stderr.on('end', () => ((ends.stderr = true), closeIfDrained()));
    channel.on('close', () => ((ends.close = true), closeIfDrained()));
  }

  /** The channel could not be opened. */
  failed(reason: string): void {
    this.closed = true;
    this.readySettle({ kind: 'unavailable', reason, lasting: false });
  }

  /** Starts a task; the shell must be ready and claimed by the caller. */
  run(command: string, options: CommandOptions, killGroup: StepTaskKill): StepTask {
    const nonce = randomBytes(9).toString('hex');
    const task = new StepTask(this, nonce, options, killGroup);
    this.current = task;
    void task.result.then(() => {
      if (this.current === task) this.current = null;
      // A paused channel may hold the next task's output: the pump pauses that task when it attaches.
      this.resume();
    });
    const script = Buffer.from(taskScript(command, nonce, this.sudo, options.trace));
    const input = options.stdin === undefined ? null : Buffer.from(options.stdin);
    this.channel!.write(
      Buffer.concat([
        Buffer.from(`${nonce} ${script.length} ${input === null ? '-' : input.length}\n`),
        script,
        input ?? Buffer.alloc(0),
        Buffer.from(`end-${nonce}\n`),
      ]),
    );
    return task;
  }

  pause(): void {
    this.channel?.pause();
    this.channel?.stderr.pause();
  }

  resume(): void {
    this.channel?.resume();
    this.channel?.stderr.resume();
  }

  abandon(reason: string): void {
    this.onClose(reason);
    this.channel?.close();
  }

  /** Ends an idle driver (EOF on its stdin ends its loop; it removes its temp folder). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel?.end();
  }

  /** The connection is gone: nothing more runs here. */
  connectionLost(reason: string): void {
    this.onClose(reason);
  }

  private onClose(reason: string): void {
    this.closed = true;
    if (!this.started) {
      this.started = true;
      this.readySettle(this.startFailure(reason));
    }
    const task = this.current;
    this.current = null;
    task?.closed(reason);
  }

  /** Why the driver ended before it was ready, from what it (or sudo) printed. */
  private startFailure(reason: string): StartFailure {
    const missing = new RegExp(`__quorum_${this.token}_missing=(\\w+)__`).exec(this.preamble)?.[1];
    if (missing) return { kind: 'unavailable', reason: `\`${missing}\` is missing`, lasting: true };
    const said = this.preamble.replace(/Sorry, try again\.\n?/g, '').trim();
    if (this.exitCode !== null) {
      return {
        kind: 'unavailable',
        reason: `it exited ${this.exitCode}${said ? `: ${said.slice(-300)}` : ''}`,
        lasting: true,
      };
    }
    return { kind: 'unavailable', reason: said ? `${reason}: ${said.slice(-300)}` : reason, lasting: false };
  }

  private onOutput(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (!this.started) {
      if (stream === 'stderr') this.handshake(data);
      else this.stdoutHandshake(data);
      return;
    }
    const task = this.current;
    if (!task || task.done) {
      this.stray.push(data);
      return;
    }
    let chunk = data;
    if (this.stray.length > 0) {
      chunk = Buffer.concat([...this.stray, data]);
      this.stray = [];
    }
    const rest = task.feed(stream, chunk);
    if (rest && rest.length > 0) this.stray.push(rest);
  }

  /** Stderr before the driver is ready: sudo's prompt (answered once), its errors, the READY marker. */
  private handshake(data: Buffer): void {
    this.preamble += data.toString('latin1');
    if (this.prompt !== null && this.preamble.endsWith(this.prompt)) {
      this.preamble = this.preamble.slice(0, -this.prompt.length);
      this.prompts += 1;
      if (this.sudoPassword === undefined) {
        return this.failSudo('sudo asks for a password and none is set for this node');
      }
      if (this.prompts > 1) {
        return this.failSudo('sudo: wrong password (sudo asked again after the password was sent)');
      }
      this.channel!.write(`${this.sudoPassword}\n`);
      return;
    }
    const at = this.preamble.indexOf(this.readyMarker);
    if (at >= 0) {
      this.preamble = '';
      this.readyOn.stderr = true;
      this.readyIfBoth();
    } else if (this.preamble.length > PREAMBLE_LIMIT) {
      this.abandon('the step shell never said it was ready');
    }
  }

  /** The driver prints READY on both streams: stdout before it (rc files' chatter) is nobody's output. */
  private stdoutHandshake(data: Buffer): void {
    if (this.readyOn.stdout) return;
    this.stdoutPreamble += data.toString('latin1');
    if (this.stdoutPreamble.includes(this.readyMarker)) {
      this.stdoutPreamble = '';
      this.readyOn.stdout = true;
      this.readyIfBoth();
    } else if (this.stdoutPreamble.length > PREAMBLE_LIMIT) {
      this.stdoutPreamble = this.stdoutPreamble.slice(-this.readyMarker.length);
    }
  }

  private get readyMarker(): string {
    return `__quorum_${this.token}_ready__\n`;
  }

  private readyIfBoth(): void {
    if (!this.readyOn.stdout || !this.readyOn.stderr) return;
    this.started = true;
    this.readySettle(null);
  }

  private failSudo(message: string): void {
    const detail = this.preamble.replace(/Sorry, try again\.\n?/g, '').trim();
    this.started = true;
    this.closed = true;
    this.readySettle({ kind: 'sudo-failed', message: detail ? `${message}: ${detail}` : message });
    this.channel!.close();
  }
}

/** Kills a remote process group (as root when `sudo`), over a channel of its own. */
export type StepTaskKill = (pgid: number, sudo: boolean) => Promise<void>;

/** A handle that has already ended (a task refused before it started). */
export function endedCommand(end: CommandEnd): CommandHandle {
  return {
    result: Promise.resolve(end),
    pgid: null,
    staged: false,
    onData: () => () => undefined,
    pause: () => undefined,
    resume: () => undefined,
    cancel: () => Promise.resolve(end),
    connectionLost: () => undefined,
  };
}
