/**
 * The step shells of one connection (see step-shell.ts): at most `MAX_SHELLS_PER_LEVEL` unprivileged and
 * as many sudo drivers, each running one command at a time. A command goes to an idle driver of its level,
 * else to a new one; with all of them busy it gets a session of its own (never a queue: the runner may
 * run tasks on a node at once on purpose, and one may wait for another). A node where no driver can run
 * gets a session per command, as before, and its output says so once.
 */
import type { ClientChannel } from 'ssh2';
import type { CommandEnd, CommandHandle, CommandOptions } from './remote-command';
import { StepShell, endedCommand, type StepTaskKill } from './step-shell';

/** What the step shells need of their connection. */
export interface StepShellHost {
  /** Opens an exec channel running `line` as it is. */
  /** Opens an exec channel; `make` attaches to it inside ssh2's callback (no event is missed). */
  open<T>(line: string, make: (channel: ClientChannel) => T): Promise<T>;
  /** Runs a command in a session of its own (the fallback). */
  exec(command: string, options: CommandOptions): Promise<CommandHandle>;
  killGroup: StepTaskKill;
  /** Registers a handle so that a lost connection ends it as `unknown`. */
  track(handle: CommandHandle): void;
}

/**
 * Drivers per node and level: 3 lets a few independent steps run on a node at once, and with the sudo
 * level and the odd cancel's `kill` stays under sshd's default MaxSessions of 10.
 */
export const MAX_SHELLS_PER_LEVEL = 3;

/** The probe's stdin: every byte value, so that anything altering bytes on the way is caught. */
const PROBE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** A probe is one `cat`; this long means the driver is stuck (e.g. framing swallowed by a pty). */
const PROBE_TIMEOUT_MS = 60_000;

/**
 * A driver's start is a login (rc files, sudo): 50 at once on 2 busy cores took tens of seconds here. One
 * that has said nothing after this long is given up, and its command gets a session of its own.
 */
const START_TIMEOUT_MS = 120_000;

type Started = { shell: StepShell } | { end: CommandEnd } | { fallback: string } | { session: string };

export class StepShells {
  private shells: StepShell[] = [];
  /** Why a level cannot have drivers on this node (lasting: every command of it gets a session). */
  private unavailable = new Map<boolean, string>();
  private noticed = new Set<boolean>();

  constructor(private readonly host: StepShellHost) {}

  /** Runs `command` in a step shell when one can be had, else in a session of its own. */
  async run(command: string, options: CommandOptions): Promise<CommandHandle> {
    const sudo = Boolean(options.sudo);
    if (this.unavailable.has(sudo)) return this.fallback(command, options);
    this.shells = this.shells.filter((s) => !s.closed);
    const level = this.shells.filter((s) => s.sudo === sudo);
    let shell = level.find((s) => s.idle);
    if (shell) {
      shell.claimed = true;
    } else {
      if (level.length >= MAX_SHELLS_PER_LEVEL) return this.host.exec(command, options);
      const started = await this.start(sudo, options);
      if ('end' in started) return endedCommand(started.end);
      if ('fallback' in started) return this.fallback(command, options);
      if ('session' in started) return this.host.exec(command, options);
      shell = started.shell;
    }
    return this.runOn(shell, command, options);
  }

  /** Ends the idle drivers (a run is over); busy ones end with their connection. */
  closeIdle(): void {
    for (const shell of this.shells) if (shell.idle) shell.close();
    this.shells = this.shells.filter((s) => !s.closed);
  }

  connectionLost(reason: string): void {
    for (const shell of this.shells) shell.connectionLost(reason);
    this.shells = [];
  }

  /** How many drivers are open (for tests). */
  get open(): number {
    return this.shells.filter((s) => !s.closed).length;
  }

  private runOn(shell: StepShell, command: string, options: CommandOptions): CommandHandle {
    const task = shell.run(command, options, this.host.killGroup);
    this.host.track(task);
    void task.result.then(() => (shell.claimed = false));
    return task;
  }

  private async fallback(command: string, options: CommandOptions): Promise<CommandHandle> {
    const sudo = Boolean(options.sudo);
    if (!this.noticed.has(sudo)) {
      this.noticed.add(sudo);
      options.notice?.(
        `no step shell${sudo ? ' for sudo' : ''} on this node (${this.unavailable.get(sudo)}): each command runs in an SSH session of its own\n`,
      );
    }
    return this.host.exec(command, options);
  }

  private async start(sudo: boolean, options: CommandOptions): Promise<Started> {
    const shell = new StepShell(sudo, options.sudoPassword);
    this.shells.push(shell);
    try {
      await this.host.open(shell.line, (channel) => shell.attach(channel));
    } catch (error) {
      shell.failed((error as Error).message);
    }
    const signal = options.signal;
    let onAbort = () => undefined as void;
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      if (signal?.aborted) resolve('aborted');
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>(
      (resolve) => (timer = setTimeout(() => resolve('slow'), START_TIMEOUT_MS)),
    );
    const failure = await Promise.race([shell.ready, aborted, slow]);
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (failure === 'slow') {
      shell.abandon('the step shell did not start in time');
      return { session: 'the step shell did not start in time' };
    }
    if (failure === 'aborted') {
      shell.abandon('cancelled while the step shell started');
      return { end: { kind: 'cancelled' } };
    }
    if (failure?.kind === 'sudo-failed') return { end: failure };
    const problem = failure ?? (await this.probe(shell));
    if (!problem) return { shell };
    shell.abandon(problem.reason);
    // A channel refused or lost now says nothing about the next one: this command gets a session of
    // its own, and the next one tries a driver again.
    if (!problem.lasting) return { session: problem.reason };
    this.unavailable.set(sudo, problem.reason);
    return { fallback: problem.reason };
  }

  /** Runs the probe on a new driver; null when every byte came back and it exited 0. */
  private async probe(shell: StepShell): Promise<{ reason: string; lasting: boolean } | null> {
    const task = shell.run('cat', { stdin: PROBE }, this.host.killGroup);
    this.host.track(task);
    const out: Buffer[] = [];
    task.onData((stream, data) => stream === 'stdout' && out.push(data));
    const timer = setTimeout(() => shell.abandon('the probe did not finish'), PROBE_TIMEOUT_MS);
    const end = await task.result;
    clearTimeout(timer);
    if (end.kind === 'unknown') return { reason: `its probe ended: ${end.reason}`, lasting: false };
    if (end.kind !== 'exit' || end.code !== 0) {
      const how = end.kind === 'exit' ? `exit code ${end.code}` : end.kind;
      return { reason: `its probe (cat) ended with ${how}`, lasting: true };
    }
    if (!Buffer.concat(out).equals(PROBE)) {
      return { reason: 'bytes sent through it came back altered', lasting: true };
    }
    return null;
  }
}
