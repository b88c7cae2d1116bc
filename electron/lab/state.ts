/**
 * Where a lab keeps its files, and its state file: which nodes exist, their addresses, folders, cgroups and
 * processes. The state is written before each resource is created, so `lab down` (from any process) can
 * remove whatever a crashed or interrupted `lab up` left.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-write';
import { processAlive } from './host';

/** The folders and files of all labs under one data folder. */
export interface LabPaths {
  /** `<data>/lab` */
  root: string;
  /** Where base root filesystems (and golden layers) are built once and kept. */
  imagesDir: string;
  /** The lab key pair, shared by every lab so a design's `identityFile` stays valid across `lab up`s. */
  identityFile: string;
  labDir: (name: string) => string;
  stateFile: (name: string) => string;
  knownHostsFile: (name: string) => string;
  nodeDir: (name: string, machine: string) => string;
}

export function labPaths(dataDir: string): LabPaths {
  const root = join(dataDir, 'lab');
  const labDir = (name: string) => join(root, 'labs', name);
  return {
    root,
    imagesDir: join(root, 'images'),
    identityFile: join(root, 'ssh', 'id_ed25519'),
    labDir,
    stateFile: (name) => join(labDir(name), 'state.json'),
    knownHostsFile: (name) => join(labDir(name), 'known_hosts'),
    nodeDir: (name, machine) => join(labDir(name), 'nodes', machine),
  };
}

export const LabNodeState = z.strictObject({
  /** The nspawn machine name (unique on the host: `<lab>-<n>`). */
  machine: z.string(),
  hostname: z.string(),
  address: z.string(),
  /** The node's folder: `upper/`, `work/`, `root/` (the overlay mount) and `console.log`. */
  dir: z.string(),
  /** The node's cgroup folders, one per hierarchy, created before its first boot. */
  cgroups: z.array(z.string()),
  /** The systemd-nspawn process of the node's current boot, or null when it is powered off. */
  nspawnPid: z.number().int().positive().nullable(),
  /** OpenSSH public host keys (`type base64`), written into the known_hosts file. */
  hostKeys: z.array(z.string()),
});
export type LabNodeState = z.infer<typeof LabNodeState>;

export const LabState = z.strictObject({
  version: z.literal(1),
  name: z.string(),
  /** `creating` until every node answered SSH; `up` after. */
  phase: z.enum(['creating', 'up']),
  /** The process that runs `lab up` while `creating`. */
  ownerPid: z.number().int(),
  createdAt: z.string(),
  subnet: z.string(),
  prefix: z.number().int(),
  gateway: z.string(),
  bridge: z.string(),
  /** The iptables comment on every rule this lab added; teardown removes exactly the rules carrying it. */
  ruleTag: z.string(),
  /** `net.ipv4.ip_forward` before this lab switched it on ("0"/"1"), restored when the last lab goes. */
  ipForwardBefore: z.enum(['0', '1']).nullable(),
  dns: z.array(z.string()),
  /** Overlay lower layers, top first (golden layer, then the base). */
  lowerDirs: z.array(z.string()),
  identityFile: z.string(),
  knownHostsFile: z.string(),
  /** Another known_hosts file (the app's) that got the nodes' keys by address; cleaned on teardown. */
  appKnownHostsFile: z.string().nullable().default(null),
  designPath: z.string().nullable(),
  nodes: z.array(LabNodeState),
});
export type LabState = z.infer<typeof LabState>;

/** The lab's state, or null when no such lab exists. A damaged file is an error naming the file. */
export function readLabState(paths: LabPaths, name: string): LabState | null {
  const file = paths.stateFile(name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = LabState.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a lab state file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function writeLabState(paths: LabPaths, state: LabState): void {
  mkdirSync(paths.labDir(state.name), { recursive: true });
  writeFileAtomic(paths.stateFile(state.name), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Names of all labs that have a state file under this data folder. */
export function listLabNames(paths: LabPaths): string[] {
  try {
    return readdirSync(join(paths.root, 'labs')).filter((name) => existsSync(paths.stateFile(name)));
  } catch {
    return [];
  }
}

/**
 * Takes the lab's lock (a file holding our pid) for a change; a lock whose process is gone is taken over.
 * Returns the release function. Two `lab` commands on the same lab never interleave.
 */
export function lockLab(paths: LabPaths, name: string): () => void {
  mkdirSync(paths.labDir(name), { recursive: true });
  const file = join(paths.labDir(name), 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(file);
          // A lab that was never created (or is gone) leaves no empty folder behind.
          if (!existsSync(paths.stateFile(name))) rmdirSync(paths.labDir(name));
        } catch {
          // Teardown removed the whole lab folder, or it holds other files.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder))
        throw new Error(`lab ${name} is busy: another quorum process (pid ${holder}) is changing it`);
      unlinkSync(file);
    }
  }
  throw new Error(`cannot lock lab ${name}`);
}
