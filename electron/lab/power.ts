/**
 * A lab's nodes at run time: status, hard power-off (`fail`) and booting again (`recover`). These are what
 * failure drills use; each works from any process through the lab's state file.
 */
import { nodeInitPid } from './exec';
import { bootNode, findNspawnPid, powerOffNode } from './nspawn';
import { sshBanner, waitForSsh } from './probe';
import { labPaths, lockLab, writeLabState, type LabNodeState, type LabState } from './state';
import { findLabNode, requireLab, type LabContext, DEFAULT_LAB_NAME, LabHostError } from './lab';
import { labHostProblem } from './prerequisites';

/** One node as `lab status` shows it. */
export interface LabNodeStatus {
  machine: string;
  hostname: string;
  address: string;
  /** running: its nspawn and PID 1 exist; off: powered off (or never booted). */
  power: 'running' | 'off';
  /** Host pid of the node's PID 1 (for nsenter), when running. */
  initPid: number | null;
  nspawnPid: number | null;
  /** The SSH identification line when sshd answered within a second, else null. */
  ssh: string | null;
}

export interface LabStatus {
  state: LabState;
  nodes: LabNodeStatus[];
}

/** The lab and every node's power and SSH state, probed now. */
export async function labStatus(
  context: Pick<LabContext, 'dataDir'>,
  name = DEFAULT_LAB_NAME,
): Promise<LabStatus> {
  const state = requireLab(context, name);
  const nodes = await Promise.all(
    state.nodes.map(async (node): Promise<LabNodeStatus> => {
      const nspawnPid = findNspawnPid(node.machine, node.nspawnPid);
      const initPid = nspawnPid === null ? null : nodeInitPid({ machine: node.machine, nspawnPid });
      return {
        machine: node.machine,
        hostname: node.hostname,
        address: node.address,
        power: initPid !== null ? 'running' : 'off',
        initPid,
        nspawnPid,
        ssh: initPid !== null ? await sshBanner(node.address, 22, 1000) : null,
      };
    }),
  );
  return { state, nodes };
}

async function changeNode(
  context: LabContext,
  name: string,
  ref: string,
  change: (state: LabState, node: LabNodeState) => Promise<void>,
): Promise<LabNodeState> {
  const problem = labHostProblem();
  if (problem) throw new LabHostError(problem);
  const paths = labPaths(context.dataDir);
  const release = lockLab(paths, name);
  try {
    const state = requireLab(context, name);
    if (state.phase !== 'up')
      throw new Error(`lab ${name} is still being created (or its creation failed: run \`quorum lab down\`)`);
    const node = findLabNode(state, ref);
    await change(state, node);
    writeLabState(paths, state);
    return node;
  } finally {
    release();
  }
}

/** What `labFail` did. */
export interface LabFailResult {
  node: LabNodeState;
  /** When the node's PID 1 was killed (epoch ms): the instant a drill measures its recovery from. */
  killedAt: number;
}

/**
 * Hard power-off of one node: SIGKILL to its PID 1, as if the plug were pulled (no shutdown, no goodbye to
 * its cluster peers). Its disk (overlay upper layer) stays as it was. Resolves once the node is fully off.
 */
export async function labFail(
  context: LabContext,
  ref: string,
  name = DEFAULT_LAB_NAME,
): Promise<LabFailResult> {
  let killedAt = 0;
  const node = await changeNode(context, name, ref, async (_state, node) => {
    const at = await powerOffNode(node);
    if (at === null) throw new Error(`${node.hostname} is already off`);
    killedAt = at;
    node.nspawnPid = null;
  });
  return { node, killedAt };
}

/** Boots a powered-off node again from its own disk and waits until its sshd answers. */
export function labRecover(context: LabContext, ref: string, name = DEFAULT_LAB_NAME): Promise<LabNodeState> {
  return changeNode(context, name, ref, async (state, node) => {
    if (findNspawnPid(node.machine, node.nspawnPid) !== null)
      throw new Error(`${node.hostname} is already running`);
    node.nspawnPid = await bootNode(node, { bridge: state.bridge });
    await waitForSsh(node.address, { signal: context.signal });
  });
}
