/**
 * A node's root filesystem: an overlay of its own upper layer over the shared read-only layers (the base,
 * and a golden layer when there is one), plus the files that make it a host of its own — host name, hosts
 * table, machine-id, SSH host keys, static network configuration, DNS and the lab's authorized key.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { mountPoints, run } from './host';
import { nodeRoot } from './nspawn';
import type { LabNodeState } from './state';

/** Mounts the node's overlay at `<dir>/root` (creating `upper/` and `work/`); a no-op when mounted. */
export async function mountNodeRoot(
  node: Pick<LabNodeState, 'dir'>,
  lowerDirs: readonly string[],
): Promise<void> {
  const root = nodeRoot(node);
  for (const sub of ['upper', 'work', 'root']) mkdirSync(join(node.dir, sub), { recursive: true });
  if (mountPoints().includes(root)) return;
  const options = `lowerdir=${lowerDirs.join(':')},upperdir=${join(node.dir, 'upper')},workdir=${join(node.dir, 'work')}`;
  await run('mount', ['-t', 'overlay', 'overlay', '-o', options, root]);
}

/** Unmounts the node's overlay (when mounted). */
export async function unmountNodeRoot(node: Pick<LabNodeState, 'dir'>): Promise<void> {
  const root = nodeRoot(node);
  if (!mountPoints().includes(root)) return;
  try {
    await run('umount', [root]);
  } catch {
    // Something still holds it (a shell cd'ed into it): detach it now, the kernel frees it when released.
    await run('umount', ['--lazy', root]);
  }
}

/** True when anything is mounted at or below `dir`. */
export function hasMountsBelow(dir: string): boolean {
  return mountPoints().some((m) => m === dir || m.startsWith(`${dir}/`));
}

/** Unmounts everything at or below `dir`, deepest first (what an interrupted debootstrap leaves mounted). */
export async function unmountBelow(dir: string): Promise<void> {
  const below = mountPoints()
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const mount of below) await run('umount', ['--lazy', mount]);
}

/**
 * Writes `text` to `rel` inside the node's root. Refuses to follow a symbolic link anywhere on the way: the
 * host writes these files as root, and a link in a container's tree must never redirect them onto the host.
 */
export function writeNodeFile(root: string, rel: string, text: string, mode = 0o644): void {
  const target = join(root, rel);
  if (relative(root, target).startsWith('..')) throw new Error(`${rel} is outside the node's root`);
  let dir = dirname(target);
  const toCreate: string[] = [];
  while (dir !== root) {
    try {
      if (lstatSync(dir).isSymbolicLink())
        throw new Error(`${relative(root, dir)} is a symbolic link in the node's root`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      toCreate.unshift(dir);
      dir = dirname(dir);
    }
  }
  for (const d of toCreate) mkdirSync(d, { mode: 0o755 });
  try {
    if (lstatSync(target).isSymbolicLink()) unlinkSync(target);
  } catch {
    // Does not exist yet.
  }
  writeFileSync(target, text, { mode });
  chmodSync(target, mode);
}

/** The SSH host key types each node gets. */
export const HOST_KEY_TYPES = ['ed25519', 'ecdsa'] as const;

/** What makes a node a host of its own. */
export interface NodeIdentity {
  hostname: string;
  address: string;
  prefix: number;
  gateway: string;
  dns: readonly string[];
  /** Every node of the lab, so that cluster software resolves its peers by name. */
  peers: readonly { hostname: string; address: string }[];
  /** The lab key's public half, for root's authorized_keys. */
  authorizedKey: string;
}

/** The node's /etc/hosts: loopback, then every lab node by its address (never 127.0.1.1 for itself). */
export function hostsFile(peers: NodeIdentity['peers']): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
  ];
  for (const peer of peers) lines.push(`${peer.address}\t${peer.hostname}`);
  return `${lines.join('\n')}\n`;
}

/** The systemd-networkd file giving the node's `host0` its static address. */
export function networkFile(identity: Pick<NodeIdentity, 'address' | 'prefix' | 'gateway' | 'dns'>): string {
  return [
    '[Match]',
    'Name=host0',
    '',
    '[Network]',
    `Address=${identity.address}/${identity.prefix}`,
    `Gateway=${identity.gateway}`,
    ...identity.dns.map((d) => `DNS=${d}`),
    'LinkLocalAddressing=no',
    'IPv6AcceptRA=no',
    '',
  ].join('\n');
}

/**
 * Writes the node's identity into its root and generates fresh SSH host keys there. Returns the public
 * host keys (`type base64`) for the known_hosts file.
 */
export async function writeNodeIdentity(root: string, identity: NodeIdentity): Promise<string[]> {
  writeNodeFile(root, 'etc/hostname', `${identity.hostname}\n`);
  writeNodeFile(root, 'etc/hosts', hostsFile(identity.peers));
  writeNodeFile(root, 'etc/machine-id', `${randomBytes(16).toString('hex')}\n`, 0o444);
  writeNodeFile(root, 'etc/systemd/network/10-host0.network', networkFile(identity));
  writeNodeFile(root, 'etc/resolv.conf', identity.dns.map((d) => `nameserver ${d}\n`).join(''));
  writeNodeFile(root, 'root/.ssh/authorized_keys', `${identity.authorizedKey.trim()}\n`, 0o600);
  chmodSync(join(root, 'root/.ssh'), 0o700);
  const sshDir = join(root, 'etc/ssh');
  for (const name of readdirSync(sshDir)) if (name.startsWith('ssh_host_')) rmSync(join(sshDir, name));
  // ed25519 and ECDSA only: an RSA key costs ~2 s of CPU per node, most of a bring-up with the base
  // present, and every current client (OpenSSH, ssh2) speaks ed25519.
  await Promise.all(
    HOST_KEY_TYPES.map((type) =>
      run('ssh-keygen', [
        '-q',
        '-t',
        type,
        '-N',
        '',
        '-C',
        `root@${identity.hostname}`,
        '-f',
        join(sshDir, `ssh_host_${type}_key`),
      ]),
    ),
  );
  writeNodeFile(
    root,
    'etc/ssh/sshd_config.d/quorum-lab-host-keys.conf',
    HOST_KEY_TYPES.map((type) => `HostKey /etc/ssh/ssh_host_${type}_key\n`).join(''),
  );
  return readdirSync(sshDir)
    .filter((name) => /^ssh_host_.*_key\.pub$/.test(name))
    .sort()
    .map((name) => readFileSync(join(sshDir, name), 'utf8').trim().split(/\s+/).slice(0, 2).join(' '));
}
