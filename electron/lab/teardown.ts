/**
 * Removes a lab completely from its state: node processes, overlay mounts, node folders, cgroups, nspawn's
 * leftovers, the tagged iptables rules, the bridge, the forwarding switch (when it was ours and no other
 * lab needs it) and the lab's folder. Every step runs even when an earlier one failed; the errors are
 * reported together at the end. The base image and the lab key are kept for the next `lab up`.
 */
import { rmSync } from 'node:fs';
import { removeCgroupTree } from './cgroups';
import { removeFromKnownHosts } from './known-hosts';
import { removeLabNetwork, restoreForwarding } from './network';
import { hasMountsBelow, unmountNodeRoot } from './node-root';
import { powerOffNode } from './nspawn';
import { listLabNames, readLabState, type LabPaths, type LabState } from './state';

export async function teardownLab(paths: LabPaths, state: LabState): Promise<void> {
  const errors: string[] = [];
  const attempt = async (what: string, action: () => unknown) => {
    try {
      await action();
    } catch (error) {
      errors.push(`${what}: ${(error as Error).message}`);
    }
  };
  await Promise.all(
    state.nodes.map(async (node) => {
      await attempt(`power off ${node.machine}`, () => powerOffNode(node));
      await attempt(`unmount ${node.machine}`, () => unmountNodeRoot(node));
      for (const dir of node.cgroups) await attempt(`remove cgroup ${dir}`, () => removeCgroupTree(dir));
    }),
  );
  await attempt('remove the network', () => removeLabNetwork(state.bridge, state.ruleTag));
  const appKnownHosts = state.appKnownHostsFile;
  if (appKnownHosts) {
    await attempt(`remove the nodes from ${appKnownHosts}`, () =>
      removeFromKnownHosts(
        appKnownHosts,
        state.nodes.map((n) => n.address),
      ),
    );
  }
  if (state.ipForwardBefore === '0') {
    const others = listLabNames(paths).filter(
      (name) => name !== state.name && readLabState(paths, name) !== null,
    );
    if (others.length === 0) await attempt('restore ip_forward', () => restoreForwarding('0'));
  }
  // The state file stays until everything else is gone, so that `lab down` can be run again after a failure.
  const dir = paths.labDir(state.name);
  if (hasMountsBelow(dir)) errors.push(`${dir} still has mounts below it; not removed`);
  else if (errors.length === 0)
    await attempt(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  if (errors.length > 0)
    throw new Error(`lab ${state.name} was not removed completely:\n  ${errors.join('\n  ')}`);
}
