/**
 * Runs a command inside a running node without SSH, by entering the namespaces of its PID 1 with nsenter.
 * For checks and drills that must not depend on the thing they check (sshd, the network); deployments
 * use SSH like on real machines.
 */
import { findContainerInit, findNspawnPid } from './nspawn';
import { run, type RunOptions } from './host';
import type { LabNodeState } from './state';

/** The environment of a command run in a node: nothing from the host leaks in. */
const NODE_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'HOME=/root',
  'LANG=C.UTF-8',
  'DEBIAN_FRONTEND=noninteractive',
];

/** The host pid of the node's PID 1, or null when the node is powered off. */
export function nodeInitPid(node: Pick<LabNodeState, 'machine' | 'nspawnPid'>): number | null {
  const nspawn = findNspawnPid(node.machine, node.nspawnPid);
  return nspawn === null ? null : findContainerInit(nspawn);
}

/**
 * Runs `argv` in the node (its mount, UTS, IPC, network and PID namespaces; root; a clean environment).
 * Resolves with stdout/stderr; rejects with `HostCommandError` (exit code, stderr tail) on failure and
 * with a plain error when the node is not running.
 */
export async function execInNode(
  node: Pick<LabNodeState, 'machine' | 'nspawnPid'>,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const init = nodeInitPid(node);
  if (init === null) throw new Error(`${node.machine} is not running`);
  return run(
    'nsenter',
    ['-t', String(init), '-m', '-u', '-i', '-n', '-p', '--', 'env', '-i', ...NODE_ENV, ...argv],
    options,
  );
}
