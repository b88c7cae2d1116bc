/**
 * Booting, finding and powering off a node's systemd-nspawn container on a host without systemd as PID 1
 * (no machinectl): each node's nspawn runs in its own session (setsid, so a terminal's signals never reach
 * it) and its own cgroup; the container's PID 1 is the nspawn child whose innermost PID is 1.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { allPids, processAlive, processArgs, processStatus, sleep, waitFor } from './host';
import type { LabNodeState } from './state';

/** The merged root filesystem of a node (the overlay mount). */
export function nodeRoot(node: Pick<LabNodeState, 'dir'>): string {
  return join(node.dir, 'root');
}

/** The file the node's console (boot messages) is written to. */
export function nodeConsoleLog(node: Pick<LabNodeState, 'dir'>): string {
  return join(node.dir, 'console.log');
}

/** Where nspawn keeps a machine's mount-propagation folder; it is left behind, so teardown removes it. */
export function propagateDir(machine: string): string {
  return join('/run/systemd/nspawn/propagate', machine);
}

function isNspawnOf(pid: number, machine: string): boolean {
  const args = processArgs(pid);
  return args !== null && (args[0] ?? '').endsWith('systemd-nspawn') && args.includes(`--machine=${machine}`);
}

/**
 * The running nspawn process of `machine`: the recorded pid when it still is that nspawn, else found by
 * scanning the host's processes (a crashed `lab up` may not have recorded it). Null when powered off.
 */
export function findNspawnPid(machine: string, recorded: number | null = null): number | null {
  if (recorded !== null && isNspawnOf(recorded, machine)) return recorded;
  return allPids().find((pid) => isNspawnOf(pid, machine)) ?? null;
}

/** The container's PID 1 (as seen on the host) under nspawn process `nspawnPid`, or null while booting. */
export function findContainerInit(nspawnPid: number): number | null {
  for (const pid of allPids()) {
    const status = processStatus(pid);
    if (!status || status.get('PPid') !== String(nspawnPid)) continue;
    const nspid = (status.get('NSpid') ?? '').split(/\s+/);
    if (nspid.length > 1 && nspid[nspid.length - 1] === '1') return pid;
  }
  return null;
}

/**
 * `sh` arguments that move the shell into `cgroups` and then exec `argv`, so that the command (and what
 * it starts) lives in those cgroups from its first instruction.
 */
export function inCgroupsArgs(cgroups: readonly string[], argv: readonly string[]): string[] {
  const script =
    'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1/cgroup.procs" || exit 97; shift; n=$((n-1)); done; exec "$@"';
  return ['-c', script, 'quorum-lab', String(cgroups.length), ...cgroups, ...argv];
}

export interface BootOptions {
  bridge: string;
}

/** The systemd-nspawn arguments that boot a node. */
export function nspawnArgs(node: LabNodeState, { bridge }: BootOptions): string[] {
  return [
    `--directory=${nodeRoot(node)}`,
    '--boot',
    // No host systemd: do not register with machined or ask for a scope unit.
    '--register=no',
    '--keep-unit',
    `--machine=${node.machine}`,
    `--hostname=${node.hostname}`,
    `--network-bridge=${bridge}`,
    // The node's /etc/resolv.conf and timezone are its own files in its upper layer.
    '--resolv-conf=off',
    '--timezone=off',
    '--console=read-only',
    // MariaDB's io_uring needs locked memory; containers lack CAP_IPC_LOCK, so raise the limit instead.
    '--rlimit=RLIMIT_MEMLOCK=infinity',
    // A real Debian host's systemd gives services 1024 open files, raisable to 524288 (HAProxy raises its
    // own to about 2 × maxconn). Without this the node inherits the launching shell's hard limit (20000
    // here) and HAProxy refuses to start: "Cannot raise FD limit to 40044".
    '--rlimit=RLIMIT_NOFILE=1024:524288',
  ];
}

/**
 * Boots a node: a detached shell moves itself into the node's cgroups and execs systemd-nspawn (so the
 * pid returned is nspawn's). Console output goes to the node's console.log. Resolves once the container's
 * PID 1 exists; rejects with the console's last lines when nspawn exits first.
 */
export async function bootNode(node: LabNodeState, options: BootOptions): Promise<number> {
  for (const dir of node.cgroups) mkdirSync(dir, { recursive: true });
  rmSync(propagateDir(node.machine), { recursive: true, force: true });
  const log = openSync(nodeConsoleLog(node), 'a');
  const child = spawn('sh', inCgroupsArgs(node.cgroups, ['systemd-nspawn', ...nspawnArgs(node, options)]), {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`cannot start systemd-nspawn for ${node.machine}`);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  await waitFor(
    () => {
      if (exited !== undefined) {
        const tail = readFileSync(nodeConsoleLog(node), 'utf8').trim().split('\n').slice(-4).join(' / ');
        throw new Error(`systemd-nspawn for ${node.machine} exited (${exited}): ${tail}`);
      }
      return findContainerInit(pid) !== null;
    },
    { timeoutMs: 30_000, what: `${node.machine} to start its PID 1` },
  );
  return pid;
}

/**
 * Hard power-off: SIGKILL to the container's PID 1 (what a pulled plug looks like to the cluster), then
 * wait for nspawn to notice and exit; an nspawn that does not exit within 10 s is killed too.
 * Returns when PID 1 was killed (epoch ms: drills measure from this instant), or null when the node was
 * not running.
 */
export async function powerOffNode(node: LabNodeState): Promise<number | null> {
  const nspawn = findNspawnPid(node.machine, node.nspawnPid);
  if (nspawn === null) return null;
  const init = findContainerInit(nspawn);
  const killedAt = Date.now();
  try {
    // Still booting (no PID 1 yet): nothing to pull the plug of but nspawn itself.
    process.kill(init ?? nspawn, 'SIGKILL');
  } catch {
    // Died on its own meanwhile.
  }
  // nspawn tears the network namespace and mounts down after its payload dies: ~1.5 s measured.
  const deadline = Date.now() + 10_000;
  while (processAlive(nspawn) && Date.now() < deadline) await sleep(50);
  if (processAlive(nspawn)) {
    try {
      process.kill(nspawn, 'SIGKILL');
    } catch {
      // Gone.
    }
    await waitFor(() => !processAlive(nspawn), {
      timeoutMs: 10_000,
      what: `${node.machine}'s nspawn to exit`,
    });
  }
  // Anything nspawn started in the node's cgroups must be gone before they can be removed.
  for (const dir of node.cgroups) {
    try {
      for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        process.kill(Number(pid), 'SIGKILL');
      }
    } catch {
      // The folder does not exist.
    }
  }
  rmSync(propagateDir(node.machine), { recursive: true, force: true });
  return killedAt;
}
