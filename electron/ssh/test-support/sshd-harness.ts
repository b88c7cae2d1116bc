/**
 * Test harness: real OpenSSH `sshd` instances on loopback addresses (127.0.0.x), each with its own host
 * key, config, port and log, all sharing one authorized client key. Never a mock server: the SSH tests,
 * the e2e deploy and the benchmarks drive these.
 *
 * Needs root (sshd runs as root with `-D -f <own config>`) and apt `openssh-server` and `sudo`.
 * A non-root user `quorum-t6` with a known password and sudo rights exists for password and sudo tests.
 *
 * Each sshd runs in a mount namespace of its own in which `/root` is the lab's stock root home (Debian's
 * `.bashrc` and `.profile`), so a session as root on a test host is a session on a clean node. The
 * machine's own root start-up files never run: on these machines `/root/.bashrc` runs `pyenv init`, whose
 * rehash takes a lock file that a session frozen or killed by a test left behind, and every later root
 * login then waited 60 s for it (seen in CI). What a test writes under `~root` lands in `lab.rootHome`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The unprivileged account the tests log in as for password and sudo. */
export const TEST_USER = 'quorum-t6';
/** Its login and sudo password (test-only, a throw-away account). */
export const TEST_USER_PASSWORD = 'T6-sudo-pass-1';
/** The passphrase of the harness's encrypted client key. */
export const KEY_PASSPHRASE = 'harness-key-phrase';

export interface SshdHost {
  name: string;
  host: string;
  port: number;
  /** The sshd listener (pid of `sshd -D`). */
  pid: number;
  /** Public host key line (`ssh-ed25519 AAAA…`). */
  hostPublicKey: string;
  logFile: string;
  process: ChildProcess;
  /** Stops (SIGSTOP) or continues (SIGCONT) every per-connection sshd process: a frozen peer. */
  freezeSessions(): number[];
  thawSessions(): void;
  /** SIGKILLs every per-connection sshd process (the listener survives): a session killed mid-command. */
  killSessions(): void;
  /** The sshd log so far. */
  log(): string;
  /** Waits until the log matches (sshd's stderr arrives asynchronously). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface SshdLab {
  dir: string;
  hosts: SshdHost[];
  /** Root's home as every host's sessions see it (`/root` there): a stock home of the lab's own. */
  rootHome: string;
  /** Unencrypted ed25519 client key (authorized for root and the test user on every host). */
  clientKeyFile: string;
  clientKey: Buffer;
  /** The same authorization with a passphrase-protected key. */
  encryptedKeyFile: string;
  /** A key that no host authorizes. */
  strangerKeyFile: string;
  /** `known_hosts` lines for every host (`[127.0.0.x]:port ssh-ed25519 …`). */
  knownHostsLines(): string[];
  stop(): Promise<void>;
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function keygen(file: string, passphrase = '', comment = 'quorum-test'): void {
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', file]);
}

/** Creates the test user once per machine (idempotent) and gives it sudo with a password. */
export function ensureTestUser(): void {
  try {
    sh('id', [TEST_USER]);
  } catch {
    sh('useradd', ['--create-home', '--shell', '/bin/sh', TEST_USER]);
  }
  execFileSync('chpasswd', { input: `${TEST_USER}:${TEST_USER_PASSWORD}\n` });
  if (existsSync('/etc/sudoers.d')) {
    writeFileSync(`/etc/sudoers.d/${TEST_USER}`, `${TEST_USER} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
  }
}

/** A port that is free on `host` right now (sshd binds it a moment later). */
async function freePort(host: string): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once the host answers with an SSH banner. */
async function waitForBanner(host: string, port: number, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`sshd on ${host}:${port} exited ${child.exitCode}: ${readFileSync(logFile, 'utf8')}`);
    }
    const banner = await new Promise<boolean>((resolve) => {
      const socket = netConnect({ host, port });
      socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('SSH-'))));
      socket.once('error', () => resolve(false));
    });
    if (banner) return;
    if (Date.now() > deadline) throw new Error(`sshd on ${host}:${port} never answered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function childPids(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const child of childPids(pid)) out.push(child, ...descendants(child));
  return out;
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function sshdConfig(dir: string, name: string, host: string, port: number, extra: string[]): string {
  return [
    `ListenAddress ${host}:${port}`,
    `HostKey ${join(dir, name, 'host_key')}`,
    'PidFile none',
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    // The harness's files live in /tmp, owned by root: sshd's home-directory checks do not apply.
    'StrictModes no',
    'PermitRootLogin yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PubkeyAuthentication yes',
    'AllowTcpForwarding yes',
    'MaxSessions 64',
    'MaxStartups 200',
    'LogLevel VERBOSE',
    'UseDNS no',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    ...extra,
  ].join('\n');
}

export interface StartOptions {
  /** How many hosts (default 3). */
  count?: number;
  /** First host number: hosts are 127.0.0.(first + i). Default a random one in 20..199. */
  first?: number;
  /** Extra sshd_config lines for every host. */
  extraConfig?: string[];
}

/** Debian's stock start-up files for root (base-files), or the skeleton's where those are missing. */
function stockRootHome(dir: string): string {
  const home = join(dir, 'root-home');
  mkdirSync(home, { mode: 0o700 });
  for (const [file, stock] of [
    ['.bashrc', ['/usr/share/base-files/dot.bashrc', '/etc/skel/.bashrc']],
    ['.profile', ['/usr/share/base-files/dot.profile', '/etc/skel/.profile']],
  ] as const) {
    const source = stock.find((path) => existsSync(path));
    if (source) copyFileSync(source, join(home, file));
  }
  return home;
}

/**
 * sshd in a private mount namespace with the lab's root home bound over `/root`. `unshare` and `sh` exec
 * in turn, so the child's pid is sshd's own.
 */
function spawnSshd(configFile: string, rootHome: string): ChildProcess {
  return spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      'mount --bind "$1" /root && exec /usr/sbin/sshd -D -e -f "$2"',
      'sshd-host',
      rootHome,
      configFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

async function startHost(
  lab: string,
  rootHome: string,
  name: string,
  host: string,
  extra: string[],
): Promise<SshdHost> {
  mkdirSync(join(lab, name), { recursive: true });
  keygen(join(lab, name, 'host_key'), '', `host-${name}`);
  const port = await freePort(host);
  const configFile = join(lab, name, 'sshd_config');
  writeFileSync(configFile, sshdConfig(lab, name, host, port, extra) + '\n');
  const logFile = join(lab, name, 'sshd.log');
  writeFileSync(logFile, '');
  const child = spawnSshd(configFile, rootHome);
  child.stderr?.on('data', (chunk: Buffer) => {
    try {
      writeFileSync(logFile, chunk, { flag: 'a' });
    } catch {
      // The lab folder is gone (stopped): late log lines have nowhere to go.
    }
  });
  await waitForBanner(host, port, child, logFile);
  const pid = child.pid ?? 0;
  const hostPublicKey = readFileSync(join(lab, name, 'host_key.pub'), 'utf8').trim();
  let frozen: number[] = [];
  return {
    name,
    host,
    port,
    pid,
    hostPublicKey,
    logFile,
    process: child,
    freezeSessions() {
      frozen = descendants(pid);
      signalAll(frozen, 'SIGSTOP');
      return frozen;
    },
    thawSessions() {
      signalAll(frozen, 'SIGCONT');
      frozen = [];
    },
    killSessions() {
      signalAll(childPids(pid), 'SIGKILL');
    },
    log: () => readFileSync(logFile, 'utf8'),
    async waitForLog(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = readFileSync(logFile, 'utf8');
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`sshd log never matched ${pattern}:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      const sessions = descendants(pid);
      signalAll(sessions, 'SIGCONT');
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      signalAll(sessions, 'SIGKILL');
    },
  };
}

/** Starts `count` sshd hosts on 127.0.0.x and returns their handles; call `stop()` when done. */
export async function startSshdLab(options: StartOptions = {}): Promise<SshdLab> {
  ensureTestUser();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'quorum-sshd-'));
  chmodSync(dir, 0o755);
  const clientKeyFile = join(dir, 'client_key');
  const encryptedKeyFile = join(dir, 'client_key_encrypted');
  const strangerKeyFile = join(dir, 'stranger_key');
  const rootHome = stockRootHome(dir);
  keygen(clientKeyFile);
  keygen(encryptedKeyFile, KEY_PASSPHRASE);
  keygen(strangerKeyFile);
  writeFileSync(
    join(dir, 'authorized_keys'),
    readFileSync(`${clientKeyFile}.pub`, 'utf8') + readFileSync(`${encryptedKeyFile}.pub`, 'utf8'),
    { mode: 0o644 },
  );
  const count = options.count ?? 3;
  const first = options.first ?? 20 + (randomBytes(1)[0]! % 180);
  const hosts: SshdHost[] = [];
  const stopAll = async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Start in small groups: 2 cores, and sshd's key loading is CPU work.
    for (let i = 0; i < count; i += 10) {
      const group = [];
      for (let j = i; j < Math.min(count, i + 10); j++) {
        const hostNumber = first + j;
        const address = `127.0.${Math.floor(hostNumber / 250)}.${(hostNumber % 250) + 2}`;
        group.push(startHost(dir, rootHome, `node${j + 1}`, address, options.extraConfig ?? []));
      }
      hosts.push(...(await Promise.all(group)));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    dir,
    hosts,
    rootHome,
    clientKeyFile,
    clientKey: readFileSync(clientKeyFile),
    encryptedKeyFile,
    strangerKeyFile,
    knownHostsLines: () => hosts.map((h) => `[${h.host}]:${h.port} ${h.hostPublicKey}`),
    stop: stopAll,
  };
}

/** Runs a command on a host with the system's OpenSSH client (for checks independent of our code). */
export function opensshRun(lab: SshdLab, host: SshdHost, command: string, user = 'root'): string {
  return sh('ssh', [
    '-i',
    lab.clientKeyFile,
    '-p',
    String(host.port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
    `${user}@${host.host}`,
    command,
  ]);
}
