/**
 * One SSH connection to one node, with an explicit life cycle: `connect()` once, `exec()` any number of
 * commands over it (steps reuse it), `dispose()` at the end. Keepalive detects a frozen peer within
 * `keepaliveIntervalMs × (keepaliveCountMax + 1)`; a lost connection ends every open command as
 * `unknown`. Host keys are checked against the app's known_hosts before authentication.
 */
import { Client, type ClientChannel } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { KnownHostsFile } from './known-hosts';
import { authConfig, authMethods, type SshCredentials } from './auth-config';
import { hostKeyVerifier, type ConfirmHostKey } from './host-key-check';
import { SshError } from './errors';
import { sshCryptoNotice } from './native-crypto';
import { RemoteCommand, wrapCommand, type CommandHandle, type CommandOptions } from './remote-command';
import { StepShells } from './step-shells';

export type { SshCredentials } from './auth-config';
export type { ConfirmHostKey } from './host-key-check';

export interface SshTarget {
  host: string;
  port: number;
  user: string;
}

export interface ConnectionOptions {
  target: SshTarget;
  credentials: SshCredentials;
  knownHosts: KnownHostsFile;
  confirmHostKey?: ConfirmHostKey;
  /** A bastion to tunnel through (ProxyJump), with its own credentials. */
  jump?: { target: SshTarget; credentials: SshCredentials };
  /** TCP connect + SSH handshake + authentication must finish within this. */
  readyTimeoutMs?: number;
  /** Keepalive every this often; the peer is declared dead after `keepaliveCountMax` unanswered. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /**
   * Send small packets at once (TCP_NODELAY, the default). Nagle's algorithm held each command's last
   * packet until the previous one was acknowledged: a `true` on a step shell took a median 48 ms instead
   * of 4 ms. `false` exists for the latency benchmark's "before" figure.
   */
  noDelay?: boolean;
}

/** 10 s covers a slow handshake on a loaded host; an unreachable one fails faster (refused) or at this. */
const DEFAULT_READY_TIMEOUT_MS = 10_000;
/** 2 s × 3 misses: a frozen peer is detected in 6–8 s, yet a busy node (dpkg on 2 cores) is not dropped. */
const DEFAULT_KEEPALIVE_INTERVAL_MS = 2_000;
const DEFAULT_KEEPALIVE_COUNT_MAX = 3;

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'closed';

/** Parses a ProxyJump value `[user@]host[:port]`. */
export function parseJump(text: string, defaultUser: string): SshTarget {
  const match = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s[\]]+)(?::(\d+))?$/.exec(text.trim());
  if (!match) throw new SshError('jump-host', `not a jump host: ${JSON.stringify(text)}`);
  return {
    user: match[1] ?? defaultUser,
    host: match[2]!.replace(/^\[|\]$/g, ''),
    port: match[3] ? Number(match[3]) : 22,
  };
}

export class SshConnection {
  state: ConnectionState = 'idle';
  private client = new Client();
  private jump: SshConnection | null = null;
  private commands = new Set<CommandHandle>();
  private readonly stepShells = new StepShells({
    open: (line, make) => this.openChannel(line, make),
    exec: (command, options) => this.exec(command, options),
    killGroup: (pgid, sudo) => this.killGroup(pgid, sudo),
    track: (handle) => this.track(handle),
  });
  private closeReason = 'the connection closed';
  private closeListeners = new Set<(reason: string) => void>();
  private refs = 0;

  constructor(readonly options: ConnectionOptions) {}

  get label(): string {
    const { user, host, port } = this.options.target;
    return `${user}@${host}:${port}`;
  }

  /** Connects, verifies the host key and authenticates. Rejects with an `SshError`. */
  async connect(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`connect() on a ${this.state} connection`);
    this.state = 'connecting';
    sshCryptoNotice.report();
    try {
      let sock: Duplex | undefined;
      if (this.options.jump) sock = await this.openJump();
      await this.handshake(sock);
      this.state = 'ready';
    } catch (error) {
      this.state = 'closed';
      this.client.end();
      this.jump?.dispose();
      throw error;
    }
  }

  private async openJump(): Promise<Duplex> {
    const jump = this.options.jump!;
    this.jump = new SshConnection({
      ...this.options,
      target: jump.target,
      credentials: jump.credentials,
      jump: undefined,
    });
    try {
      await this.jump.connect();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SshError(
        error instanceof SshError && error.kind.startsWith('host-key') ? error.kind : 'jump-host',
        `jump host ${this.jump.label}: ${reason}`,
        (error as SshError).hostKey,
      );
    }
    const { host, port } = this.options.target;
    return new Promise((resolve, reject) => {
      this.jump!.client.forwardOut('127.0.0.1', 0, host, port, (error, stream) => {
        if (error)
          reject(
            new SshError(
              'unreachable',
              `jump host ${this.jump!.label} could not reach ${host}:${port}: ${error.message}`,
            ),
          );
        else resolve(stream);
      });
    });
  }

  private async handshake(sock: Duplex | undefined): Promise<void> {
    const { target, knownHosts } = this.options;
    const auth = await authConfig(this.options.credentials);
    let hostKeyError: SshError | null = null;
    const verifier = hostKeyVerifier(
      target,
      knownHosts,
      this.options.confirmHostKey,
      (error) => (hostKeyError = error),
    );
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: SshError) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      this.client.once('ready', () => {
        settled = true;
        resolve();
      });
      this.client.on('error', (error: Error & { level?: string; code?: string }) => {
        if (!settled) return fail(this.classify(error, hostKeyError));
        this.closeReason =
          error.message === 'Keepalive timeout'
            ? `no answer to keepalives from ${this.label}`
            : `connection to ${this.label} lost: ${error.message}`;
      });
      this.client.on('close', () => {
        fail(
          hostKeyError ??
            new SshError('connection-lost', `${this.label} closed the connection during the handshake`),
        );
        this.onClosed();
      });
      try {
        this.client.connect({
          host: target.host,
          port: target.port,
          username: target.user,
          ...(sock ? { sock } : {}),
          ...auth,
          hostVerifier: verifier,
          readyTimeout: this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
          keepaliveInterval: this.options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
          keepaliveCountMax: this.options.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT_MAX,
        });
        // ssh2 made its socket in connect(); Node applies the option once that socket connects. Through a
        // jump host the "socket" is a channel (ssh2 skips it): the bastion's own socket has it set.
        this.client.setNoDelay(this.options.noDelay ?? true);
      } catch (error) {
        fail(new SshError('key-file', `cannot use the key: ${(error as Error).message}`));
      }
    });
  }

  private classify(
    error: Error & { level?: string; code?: string },
    hostKeyError: SshError | null,
  ): SshError {
    if (hostKeyError) return hostKeyError;
    const where = this.label;
    if (error.level === 'client-authentication') {
      return new SshError(
        'auth-failed',
        `authentication failed for ${where} (tried: ${authMethods(this.options.credentials)})`,
      );
    }
    if (error.level === 'client-timeout') {
      return new SshError(
        'timeout',
        `${where} did not complete the SSH handshake within ${(this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS) / 1000} s`,
      );
    }
    if (error.level === 'client-socket') {
      return new SshError('unreachable', `cannot reach ${where}: ${error.code ?? error.message}`);
    }
    if (/passphrase|privateKey|private key/i.test(error.message)) {
      return new SshError('key-file', `cannot use the key for ${where}: ${error.message}`);
    }
    return new SshError('protocol', `SSH with ${where} failed: ${error.message}`);
  }

  private onClosed(): void {
    if (this.state === 'closed' && this.commands.size === 0 && this.closeListeners.size === 0) return;
    this.state = 'closed';
    this.stepShells.connectionLost(this.closeReason);
    for (const command of this.commands) command.connectionLost(this.closeReason);
    this.commands.clear();
    for (const listener of this.closeListeners) listener(this.closeReason);
    this.closeListeners.clear();
    this.jump?.dispose();
  }

  /** Called once when the connection closes (for any reason) after it was ready. */
  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Starts a command in a session of its own; the returned handle already drains both output streams. */
  async exec(command: string, options: CommandOptions = {}): Promise<RemoteCommand> {
    const sudo = Boolean(options.sudo) && this.options.target.user !== 'root';
    const wrap = wrapCommand(command, RemoteCommand.token(), sudo, options.trace);
    const handle = await this.openChannel(
      wrap.line,
      (channel) =>
        new RemoteCommand(
          channel,
          wrap,
          { ...options, sudo, sudoPassword: options.sudoPassword ?? this.options.credentials.sudoPassword },
          (pgid, asRoot) => this.killGroup(pgid, asRoot),
        ),
    );
    this.track(handle);
    return handle;
  }

  /**
   * Runs a command in one of the connection's step shells (one session for many commands, see
   * step-shell.ts), or in a session of its own where none can run. The handle behaves the same.
   */
  async run(command: string, options: CommandOptions = {}): Promise<CommandHandle> {
    if (this.state !== 'ready')
      throw new SshError('connection-lost', `${this.label} is not connected (${this.state})`);
    const sudo = Boolean(options.sudo) && this.options.target.user !== 'root';
    return this.stepShells.run(command, {
      ...options,
      sudo,
      sudoPassword: options.sudoPassword ?? this.options.credentials.sudoPassword,
    });
  }

  /** Ends the step shells that are idle (a run is over). */
  closeIdleStepShells(): void {
    this.stepShells.closeIdle();
  }

  /** How many step shells are open (for tests). */
  get openStepShells(): number {
    return this.stepShells.open;
  }

  private track(handle: CommandHandle): void {
    this.commands.add(handle);
    void handle.result.finally(() => this.commands.delete(handle));
  }

  /**
   * Opens an exec channel for a raw command line and hands it to `make` inside ssh2's callback, not after
   * a promise resolved: when the node's replies arrive in one read (a loaded host), ssh2 emits the
   * channel's 'exit' in the same turn as this callback, and a listener attached a microtask later missed
   * it (the command then ended "unknown": "the channel closed without an exit status").
   */
  private async openChannel<T>(line: string, make: (channel: ClientChannel) => T): Promise<T> {
    if (this.state !== 'ready')
      throw new SshError('connection-lost', `${this.label} is not connected (${this.state})`);
    return new Promise<T>((resolve, reject) => {
      this.client.exec(line, (error, ch) =>
        error
          ? reject(
              new SshError('connection-lost', `cannot open a channel on ${this.label}: ${error.message}`),
            )
          : resolve(make(ch)),
      );
    });
  }

  /** An interactive login shell on a PTY (the Deploy tab's shell tab); resize with `setWindow`. */
  async shell(cols: number, rows: number): Promise<ClientChannel> {
    if (this.state !== 'ready')
      throw new SshError('connection-lost', `${this.label} is not connected (${this.state})`);
    return new Promise((resolve, reject) => {
      this.client.shell({ term: 'xterm-256color', cols, rows }, (error, channel) =>
        error
          ? reject(new SshError('connection-lost', `cannot open a shell on ${this.label}: ${error.message}`))
          : resolve(channel),
      );
    });
  }

  /** TERM then KILL to a remote process group, from a second channel. */
  private async killGroup(pgid: number, sudo: boolean): Promise<void> {
    if (this.state !== 'ready') return;
    // 1 s between TERM and KILL: enough for a shell to pass TERM on, short enough for a user's Cancel.
    // `kill -N` without `--`: dash's kill (Debian's sh) refuses `--`.
    const kill = `kill -TERM -${pgid} 2>/dev/null && sleep 1; kill -KILL -${pgid} 2>/dev/null; true`;
    const handle = await this.exec(kill, { sudo, timeoutMs: 10_000 });
    await handle.result;
  }

  /** Keeps the connection while a user holds it; `unref` to the last disposes it. */
  ref(): this {
    this.refs += 1;
    return this;
  }

  unref(): void {
    this.refs -= 1;
    if (this.refs <= 0) this.dispose();
  }

  dispose(): void {
    if (this.state === 'closed' && this.commands.size === 0) return;
    this.closeReason = 'the connection was closed by Quorum';
    this.client.end();
    if (this.state !== 'ready') this.state = 'closed';
    this.jump?.dispose();
  }
}
