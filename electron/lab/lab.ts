/**
 * `quorum lab`: real Debian nodes on this machine as systemd-nspawn containers on a private bridge.
 * up / down / status / fail (hard power-off) / recover (boot again). Every change is recorded in the lab's
 * state file first, so any process can inspect or remove the lab, and a failed `up` removes everything it
 * created before reporting the failure.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { labAddressPlan, labSubnetProblem, cidrsOverlap, pickLabSubnet } from '../../shared/lab/addresses';
import { labDesign, labHostnames, labNameProblem } from '../../shared/lab/lab-design';
import type { Design } from '../../shared/design/schema';
import { writeFileAtomic } from '../store/atomic-write';
import { ProjectStore } from '../store/project-store';
import { ensureBase, DEFAULT_MIRROR } from './base-image';
import { nodeCgroupPaths } from './cgroups';
import { ensureGolden } from './golden';
import { mergeIntoKnownHosts } from './known-hosts';
import { run } from './host';
import {
  addNatRules,
  bridgeName,
  createBridge,
  enableForwarding,
  hostNetworks,
  linkExists,
  ruleTag,
} from './network';
import { mountNodeRoot, writeNodeIdentity } from './node-root';
import { bootNode, nodeRoot } from './nspawn';
import { labHostProblem } from './prerequisites';
import { waitForSsh } from './probe';
import {
  labPaths,
  listLabNames,
  lockLab,
  readLabState,
  writeLabState,
  type LabNodeState,
  type LabState,
} from './state';
import { teardownLab } from './teardown';

/** The lab name when none is given. */
export const DEFAULT_LAB_NAME = 'lab';

/** Points in `lab up` after which a test can inject a failure, to prove nothing is left behind. */
export type LabStage = 'network' | 'roots' | 'boot';

/** The machine cannot run a lab (not Linux, not root, tools missing): a one-line message, nothing touched. */
export class LabHostError extends Error {}

export interface LabContext {
  dataDir: string;
  projectsDir: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface LabUpOptions extends LabContext {
  name?: string;
  /** Number of nodes; default: the design's node count, or 3. */
  nodes?: number;
  /** A private IPv4 /16–/24; default: the first free /24 of 10.117.0.0/16. */
  subnet?: string;
  /** DNS servers for the nodes; default: the host's (non-loopback) name servers. */
  dns?: string[];
  mirror?: string;
  /** The design to write or update (a path, relative to the projects folder); null: none. */
  design?: string | null;
  /** Also put the nodes' host keys (by address) into this known_hosts file, e.g. the app's. */
  knownHosts?: string;
  /** Packages to pre-install in a golden layer (built once, shared by every node); none: no layer. */
  golden?: readonly string[];
  /** Test seam: fail right after this stage, as if something had gone wrong there. */
  faultAfter?: LabStage;
}

export interface LabUpResult {
  state: LabState;
  designPath: string | null;
  baseBuilt: boolean;
  /** The golden layer, when one was asked for, and whether this call built it. */
  golden: { path: string; built: boolean } | null;
  /** Seconds spent per stage and in total. */
  timings: {
    base: number;
    golden: number;
    network: number;
    roots: number;
    boot: number;
    ssh: number;
    total: number;
  };
}

function requireHost(): void {
  const problem = labHostProblem();
  if (problem) throw new LabHostError(problem);
}

function requireName(name: string): void {
  const problem = labNameProblem(name);
  if (problem) throw new Error(problem);
}

/** The host's name servers the nodes can reach (loopback resolvers cannot be reached from a node). */
export function hostNameServers(): string[] {
  for (const file of ['/etc/resolv.conf', '/run/systemd/resolve/resolv.conf']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const servers = [...text.matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/gm)]
      .map((m) => m[1] ?? '')
      .filter((a) => a !== '' && !a.startsWith('127.'));
    if (servers.length > 0) return servers;
  }
  return [];
}

async function ensureLabKey(identityFile: string): Promise<string> {
  if (!existsSync(identityFile)) {
    mkdirSync(dirname(identityFile), { recursive: true, mode: 0o700 });
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'quorum-lab', '-f', identityFile]);
  }
  return readFileSync(`${identityFile}.pub`, 'utf8').trim();
}

async function readDesign(store: ProjectStore, path: string): Promise<Design | null> {
  return existsSync(path) ? (await store.open(path)).design : null;
}

function knownHostsText(nodes: readonly LabNodeState[]): string {
  return nodes.flatMap((n) => n.hostKeys.map((key) => `${n.address},${n.hostname} ${key}\n`)).join('');
}

/** Brings a lab up; on any failure removes everything it created and rethrows. */
export async function labUp(options: LabUpOptions): Promise<LabUpResult> {
  requireHost();
  const name = options.name ?? DEFAULT_LAB_NAME;
  requireName(name);
  const log = options.log ?? (() => {});
  const paths = labPaths(options.dataDir);
  const started = Date.now();
  const since = (t: number) => Math.round((Date.now() - t) / 100) / 10;
  const release = lockLab(paths, name);
  try {
    if (readLabState(paths, name))
      throw new Error(`lab ${name} already exists: \`quorum lab down --name ${name}\` removes it`);
    const bridge = bridgeName(name);
    if (await linkExists(bridge))
      throw new Error(`interface ${bridge} already exists on this host; not touching it`);
    const store = new ProjectStore({ dataDir: options.dataDir, projectsDir: options.projectsDir });
    const designPath =
      options.design === null ? null : store.resolve(options.design ?? `${name}-lab`, { addExtension: true });
    const existingDesign = designPath ? await readDesign(store, designPath) : null;
    const hostnames = labHostnames(existingDesign, name, options.nodes);

    const dns = options.dns ?? hostNameServers();
    if (dns.length === 0)
      throw new Error(
        'no name server the nodes can reach (the host only has loopback resolvers): pass --dns ADDRESS',
      );
    // An explicit --subnet is checked before the long base build; the free subnet itself is chosen right
    // before the bridge is made, so a lab created meanwhile (by another process) is seen and skipped.
    const explicitProblem = options.subnet ? labSubnetProblem(options.subnet) : null;
    if (explicitProblem) throw new Error(`--subnet ${explicitProblem}`);

    const authorizedKey = await ensureLabKey(paths.identityFile);
    let t = Date.now();
    const base = await ensureBase(paths.imagesDir, {
      mirror: options.mirror ?? DEFAULT_MIRROR,
      log,
      signal: options.signal,
    });
    const baseSeconds = since(t);
    t = Date.now();
    const golden =
      options.golden && options.golden.length > 0
        ? await ensureGolden({
            imagesDir: paths.imagesDir,
            base: base.path,
            packages: [...new Set(options.golden)].sort(),
            dns,
            log,
            signal: options.signal,
          })
        : null;
    const goldenSeconds = since(t);

    const taken = [
      ...(await hostNetworks()),
      // The nodes' name servers are reached through the host's uplink, never on the lab bridge.
      ...dns.map((server) => `${server}/32`),
      ...listLabNames(paths).flatMap((other) => readLabState(paths, other)?.subnet ?? []),
    ];
    const subnet = options.subnet ?? pickLabSubnet(taken);
    if (!subnet) throw new Error('no free /24 left in 10.117.0.0/16: pass --subnet');
    const subnetProblem = labSubnetProblem(subnet);
    if (subnetProblem) throw new Error(`--subnet ${subnetProblem}`);
    const clash = taken.find((t) => cidrsOverlap(subnet, t));
    if (clash) throw new Error(`${subnet} overlaps ${clash}, which this host already uses`);
    const plan = labAddressPlan(subnet, hostnames.length);

    const state: LabState = {
      version: 1,
      name,
      phase: 'creating',
      ownerPid: process.pid,
      createdAt: new Date().toISOString(),
      subnet,
      prefix: plan.prefix,
      gateway: plan.gateway,
      bridge,
      ruleTag: ruleTag(name),
      ipForwardBefore: null,
      dns,
      lowerDirs: golden ? [golden.path, base.path] : [base.path],
      identityFile: paths.identityFile,
      knownHostsFile: paths.knownHostsFile(name),
      appKnownHostsFile: options.knownHosts ?? null,
      designPath,
      nodes: hostnames.map((hostname, i) => {
        const machine = `${name}-${i + 1}`;
        return {
          machine,
          hostname,
          address: plan.nodes[i] ?? '',
          dir: paths.nodeDir(name, machine),
          cgroups: nodeCgroupPaths(name, machine),
          nspawnPid: null,
          hostKeys: [],
        };
      }),
    };
    const save = () => writeLabState(paths, state);
    const checkpoint = (stage: LabStage) => {
      options.signal?.throwIfAborted();
      if (options.faultAfter === stage) throw new Error(`injected failure after the ${stage} stage`);
    };
    save();
    try {
      t = Date.now();
      log(`network: bridge ${bridge} ${plan.gateway}/${plan.prefix}, NAT for ${subnet}`);
      state.ipForwardBefore = enableForwarding();
      save();
      await createBridge(bridge, plan.gateway, plan.prefix);
      await addNatRules(bridge, subnet, state.ruleTag);
      const networkSeconds = since(t);
      checkpoint('network');

      t = Date.now();
      const peers = state.nodes.map((n) => ({ hostname: n.hostname, address: n.address }));
      await Promise.all(
        state.nodes.map(async (node) => {
          await mountNodeRoot(node, state.lowerDirs);
          node.hostKeys = await writeNodeIdentity(nodeRoot(node), {
            hostname: node.hostname,
            address: node.address,
            prefix: plan.prefix,
            gateway: plan.gateway,
            dns,
            peers,
            authorizedKey,
          });
        }),
      );
      save();
      writeFileAtomic(state.knownHostsFile, knownHostsText(state.nodes));
      if (state.appKnownHostsFile) {
        const byAddress = state.nodes
          .flatMap((n) => n.hostKeys.map((key) => `${n.address} ${key}\n`))
          .join('');
        mergeIntoKnownHosts(
          state.appKnownHostsFile,
          state.nodes.map((n) => n.address),
          byAddress,
        );
      }
      const rootsSeconds = since(t);
      checkpoint('roots');

      t = Date.now();
      for (const node of state.nodes) {
        node.nspawnPid = await bootNode(node, { bridge });
        save();
      }
      const bootSeconds = since(t);
      checkpoint('boot');

      t = Date.now();
      await Promise.all(state.nodes.map((n) => waitForSsh(n.address, { signal: options.signal })));
      const sshSeconds = since(t);
      state.phase = 'up';
      save();

      if (designPath) {
        const design = labDesign(existingDesign, {
          name,
          subnet,
          gateway: plan.gateway,
          identityFile: paths.identityFile,
          nodes: peers,
        });
        await store.save(designPath, design);
      }
      return {
        state,
        designPath,
        baseBuilt: base.built,
        golden,
        timings: {
          base: baseSeconds,
          golden: goldenSeconds,
          network: networkSeconds,
          roots: rootsSeconds,
          boot: bootSeconds,
          ssh: sshSeconds,
          total: since(started),
        },
      };
    } catch (error) {
      log(`lab up failed (${(error as Error).message}); removing what was created…`);
      try {
        await teardownLab(paths, state);
      } catch (cleanup) {
        log((cleanup as Error).message);
      }
      throw error;
    }
  } finally {
    release();
  }
}

/** The lab's state; throws when there is no such lab. */
export function requireLab(context: Pick<LabContext, 'dataDir'>, name = DEFAULT_LAB_NAME): LabState {
  requireName(name);
  const state = readLabState(labPaths(context.dataDir), name);
  if (!state) throw new Error(`no lab named ${name} (\`quorum lab up\` creates one)`);
  return state;
}

/** Removes the lab: processes, mounts, node folders, cgroups, iptables rules, bridge. */
export async function labDown(context: LabContext, name = DEFAULT_LAB_NAME): Promise<LabState> {
  requireHost();
  const state = requireLab(context, name);
  const paths = labPaths(context.dataDir);
  const release = lockLab(paths, name);
  try {
    await teardownLab(paths, state);
  } finally {
    release();
  }
  return state;
}

/** Finds a node of the lab by machine name, host name, address or 1-based number. */
export function findLabNode(state: LabState, ref: string): LabNodeState {
  const node = state.nodes.find(
    (n, i) => n.machine === ref || n.hostname === ref || n.address === ref || String(i + 1) === ref,
  );
  if (!node)
    throw new Error(
      `lab ${state.name} has no node "${ref}" (nodes: ${state.nodes.map((n) => n.hostname).join(', ')})`,
    );
  return node;
}
