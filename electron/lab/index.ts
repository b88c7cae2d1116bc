/**
 * The lab's public API, for the CLI, the deploy code and failure drills. Everything works from any process
 * (the lab's state file is the source of truth) and needs Linux and root.
 *
 * ```ts
 * const lab = await LabHandle.up({ dataDir, projectsDir, nodes: 3 });   // or LabHandle.open({ dataDir })
 * await lab.exec('lab-1', ['systemctl', 'is-active', 'mariadb']);       // inside the node, no SSH
 * const { killedAt } = await lab.fail('lab-1');                         // pull the plug
 * // … measure from killedAt until writes through the VIP succeed again …
 * await lab.recover('lab-1');                                           // boots from its own disk
 * await lab.down();
 * ```
 *
 * Nodes are named by machine name (`lab-1`), host name, address or 1-based number. Deployments reach the
 * nodes over SSH like real machines: root, `identityFile`, host keys in `knownHostsFile` (the design that
 * `up` writes already points at them).
 */
import { execInNode, nodeInitPid } from './exec';
import type { RunOptions } from './host';
import {
  findLabNode,
  labDown,
  labUp,
  requireLab,
  DEFAULT_LAB_NAME,
  type LabContext,
  type LabUpOptions,
  type LabUpResult,
} from './lab';
import { labFail, labRecover, labStatus, type LabFailResult, type LabStatus } from './power';
import { waitForSsh, sshBanner } from './probe';
import type { LabNodeState, LabState } from './state';

export { labUp, labDown, findLabNode, LabHostError, DEFAULT_LAB_NAME, type LabStage } from './lab';
export type { LabContext, LabUpOptions, LabUpResult } from './lab';
export {
  labStatus,
  labFail,
  labRecover,
  type LabStatus,
  type LabNodeStatus,
  type LabFailResult,
} from './power';
export { execInNode, nodeInitPid } from './exec';
export { sshBanner, waitForSsh } from './probe';
export { HostCommandError } from './host';
export { labHostProblem } from './prerequisites';
export type { LabState, LabNodeState } from './state';

/** A lab by name, with its nodes and the operations drills need. Re-reads the state file on every call. */
export class LabHandle {
  private constructor(
    readonly context: LabContext,
    readonly name: string,
  ) {}

  /** Brings a new lab up and returns its handle. */
  static async up(options: LabUpOptions): Promise<{ lab: LabHandle; result: LabUpResult }> {
    const result = await labUp(options);
    return { lab: new LabHandle(options, result.state.name), result };
  }

  /** The handle of an existing lab; throws when there is none of that name. */
  static open(context: LabContext, name = DEFAULT_LAB_NAME): LabHandle {
    requireLab(context, name);
    return new LabHandle(context, name);
  }

  /** The lab's recorded state: subnet, bridge, key, known_hosts, nodes. */
  get state(): LabState {
    return requireLab(this.context, this.name);
  }

  get nodes(): LabNodeState[] {
    return this.state.nodes;
  }

  node(ref: string): LabNodeState {
    return findLabNode(this.state, ref);
  }

  /** Host pid of the node's PID 1 (for nsenter or /proc), or null while it is off. */
  initPid(ref: string): number | null {
    return nodeInitPid(this.node(ref));
  }

  /** Runs a command inside the node through its namespaces (no SSH); rejects on a non-zero exit. */
  exec(
    ref: string,
    argv: readonly string[],
    options?: RunOptions,
  ): Promise<{ stdout: string; stderr: string }> {
    return execInNode(this.node(ref), argv, options);
  }

  /** True when the node's sshd answers within `timeoutMs`. */
  async sshAnswers(ref: string, timeoutMs = 1000): Promise<boolean> {
    return (await sshBanner(this.node(ref).address, 22, timeoutMs)) !== null;
  }

  waitForSsh(ref: string, timeoutMs?: number): Promise<string> {
    return waitForSsh(this.node(ref).address, { timeoutMs, signal: this.context.signal });
  }

  status(): Promise<LabStatus> {
    return labStatus(this.context, this.name);
  }

  /** Hard power-off (SIGKILL of PID 1). */
  fail(ref: string): Promise<LabFailResult> {
    return labFail(this.context, ref, this.name);
  }

  /** Boots a failed node again; resolves when its sshd answers. */
  recover(ref: string): Promise<LabNodeState> {
    return labRecover(this.context, ref, this.name);
  }

  /** Removes the whole lab. */
  async down(): Promise<void> {
    await labDown(this.context, this.name);
  }
}
