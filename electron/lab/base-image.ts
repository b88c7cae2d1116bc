/**
 * The base root filesystem every node starts from: Debian bookworm from debootstrap, built once into the
 * data folder and reused read-only as the lowest overlay layer of every node. It is built in a temporary
 * folder and renamed into place only when complete, so an interrupted build never leaves a half base that
 * a later run would trust.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive, run } from './host';
import { unmountBelow, writeNodeFile } from './node-root';

/** The Debian release of lab nodes. */
export const LAB_SUITE = 'bookworm';
/** The mirror debootstrap and the nodes' apt use (reachable here through the host's NAT). */
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';
/**
 * minbase plus what a node needs to be a reachable, manageable host: systemd as PID 1, sshd, networkd
 * (in systemd), ip, dbus (for systemctl/hostnamectl), sudo and python3 (what configuration tools expect).
 */
export const BASE_PACKAGES = [
  'systemd',
  'systemd-sysv',
  'openssh-server',
  'iproute2',
  'dbus',
  'sudo',
  'python3',
];
/** Bump when `prepareBase` changes, so an old base is not reused with new expectations. */
const BASE_LAYOUT_VERSION = 1;

/** The folder of the base for `mirror` under `imagesDir` (named by what went into it). */
export function basePath(imagesDir: string, mirror = DEFAULT_MIRROR): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([LAB_SUITE, mirror, BASE_PACKAGES, BASE_LAYOUT_VERSION]))
    .digest('hex')
    .slice(0, 12);
  return join(imagesDir, `${LAB_SUITE}-${digest}`);
}

/**
 * Turns a fresh debootstrap tree into a template: no host keys or machine-id of its own (every node gets
 * fresh ones), systemd-networkd on, root login by key only, no cached packages.
 */
export function prepareBase(dir: string): void {
  const sshDir = join(dir, 'etc/ssh');
  for (const name of readdirSync(sshDir)) if (name.startsWith('ssh_host_')) rmSync(join(sshDir, name));
  writeNodeFile(dir, 'etc/machine-id', '');
  rmSync(join(dir, 'var/lib/dbus/machine-id'), { force: true });
  rmSync(join(dir, 'etc/resolv.conf'), { force: true });
  writeNodeFile(dir, 'etc/hostname', 'localhost\n');
  for (const [wants, unit] of [
    ['multi-user.target.wants', 'systemd-networkd.service'],
    ['sockets.target.wants', 'systemd-networkd.socket'],
  ] as const) {
    mkdirSync(join(dir, 'etc/systemd/system', wants), { recursive: true });
    const link = join(dir, 'etc/systemd/system', wants, unit);
    rmSync(link, { force: true });
    symlinkSync(`/lib/systemd/system/${unit}`, link);
  }
  writeNodeFile(
    dir,
    'etc/ssh/sshd_config.d/quorum-lab.conf',
    '# quorum lab: root logs in with the lab key only\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nUseDNS no\n',
  );
  const archives = join(dir, 'var/cache/apt/archives');
  for (const name of existsSync(archives) ? readdirSync(archives) : [])
    if (name.endsWith('.deb')) rmSync(join(archives, name));
}

export interface BaseResult {
  path: string;
  /** True when this call ran debootstrap; false when the base was already there. */
  built: boolean;
}

/**
 * Returns the base, building it first when it does not exist. Stale temporary folders of builds whose
 * process is gone are removed first.
 */
export async function ensureBase(
  imagesDir: string,
  {
    mirror = DEFAULT_MIRROR,
    log = () => {},
    signal,
  }: { mirror?: string; log?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<BaseResult> {
  const path = basePath(imagesDir, mirror);
  if (existsSync(path)) return { path, built: false };
  mkdirSync(imagesDir, { recursive: true });
  for (const name of readdirSync(imagesDir)) {
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (!pid || processAlive(Number(pid))) continue;
    await unmountBelow(join(imagesDir, name));
    rmSync(join(imagesDir, name), { recursive: true, force: true });
  }
  const temp = `${path}.tmp-${process.pid}`;
  log(`building the ${LAB_SUITE} base with debootstrap (once; about a minute)…`);
  try {
    await run(
      'debootstrap',
      ['--variant=minbase', `--include=${BASE_PACKAGES.join(',')}`, LAB_SUITE, temp, mirror],
      { signal, timeoutMs: 20 * 60_000 },
    );
    prepareBase(temp);
    await run('mv', ['-T', temp, path]);
  } catch (error) {
    await unmountBelow(temp);
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return { path, built: true };
}
