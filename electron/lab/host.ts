/**
 * Small host helpers for the lab: run a tool and collect its output, find tools on PATH, check processes,
 * wait for a condition. Plain Node; Linux-specific where it reads /proc.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A host command that failed: its command line, exit status and the tail of what it wrote to stderr. */
export class HostCommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    const tail = (stderr.trim() || stdout.trim()).split('\n').slice(-3).join(' / ');
    super(
      `${command} failed (${exitCode === null ? 'killed' : `exit ${exitCode}`})${tail ? `: ${tail}` : ''}`,
    );
  }
}

export interface RunOptions {
  /** Written to the command's stdin, which is then closed. */
  input?: string;
  /** Kill the command (SIGKILL) after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Called with each chunk of output as it arrives (progress of long commands). */
  onOutput?: (chunk: string) => void;
}

/** Runs `file args…` without a shell; resolves with its output, rejects with `HostCommandError` on failure. */
export function run(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      signal: options.signal,
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      options.onOutput?.(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      options.onOutput?.(chunk.toString('utf8'));
    });
    child.stdin.on('error', () => {
      // The command exited without reading its input; its exit status tells what happened.
    });
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => reject(error));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new HostCommandError([file, ...args].join(' '), code, stderr, stdout));
    });
  });
}

/** The full path of `tool` on PATH (plus the sbin folders root's PATH normally has), or null. */
export function findTool(tool: string, path = process.env.PATH ?? ''): string | null {
  const dirs = [...path.split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

/** True while process `pid` exists (zombies count as gone). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The command line of `pid` as its arguments, or null when it is gone. */
export function processArgs(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part, i, all) => part !== '' || i < all.length - 1);
  } catch {
    return null;
  }
}

/** All process ids on the host. */
export function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The `Key:\tvalue` fields of /proc/PID/status, or null when the process is gone. */
export function processStatus(pid: number): Map<string, string> | null {
  try {
    const fields = new Map<string, string>();
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    return fields;
  } catch {
    return null;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `check` until it returns a value other than null/false, or fails with `what` after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => T | null | false | Promise<T | null | false>,
  {
    timeoutMs,
    intervalMs = 100,
    what,
    signal,
  }: { timeoutMs: number; intervalMs?: number; what: string; signal?: AbortSignal },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs, signal);
  }
}

/** Mount points currently on the host (from /proc/self/mountinfo, octal escapes decoded). */
export function mountPoints(): string[] {
  const text = readFileSync('/proc/self/mountinfo', 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, oct: string) =>
        String.fromCharCode(parseInt(oct, 8)),
      ),
    );
}
