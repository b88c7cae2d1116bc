/**
 * The optional golden layer: packages installed once on top of the base, in a throw-away container, and
 * stacked read-only under every node's own layer. A deployment's install steps still run on the nodes and
 * find the packages present (apt reports "already the newest version"), so bring-up skips the downloads
 * and most of dpkg's work (LAB-NOTES.md: 98 s instead of 200 s for the full HA stack).
 *
 * The packages are installed the way a deployment would (policy-rc.d refusing service starts, dpkg keeping
 * configuration files). The units the packages enable are disabled again in the layer: a node then boots
 * with nothing of them running, as a fresh machine would, and the plan configures, enables and starts each
 * one in its order (enabled in the layer, MariaDB, RabbitMQ or HAProxy started unconfigured at boot, held
 * their ports, and the plan's port preflight refused the nodes). Units are disabled, never masked: the
 * plan's `systemctl enable` must still work.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCgroupPaths, removeCgroupTree } from './cgroups';
import { processAlive, run } from './host';
import { hasMountsBelow, unmountBelow, writeNodeFile } from './node-root';
import { inCgroupsArgs, propagateDir } from './nspawn';

/** Debian package names (what apt-get install accepts, without options). */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** Parses `--golden a,b c` into sorted, unique package names; throws on anything that is not one. */
export function parseGoldenPackages(text: string): string[] {
  const names = text.split(/[\s,]+/).filter(Boolean);
  const bad = names.find((n) => !PACKAGE_NAME.test(n));
  if (bad !== undefined) throw new Error(`--golden: not a Debian package name: ${bad}`);
  if (names.length === 0) throw new Error('--golden: no packages given');
  return [...new Set(names)].sort();
}

/** Bumped when the way the layer is built changes, so an old layer is not reused. 2: units disabled. */
const GOLDEN_RECIPE = 2;

/** The golden layer's folder for `packages` over `base` (named by both, so a change builds a new one). */
export function goldenPath(imagesDir: string, base: string, packages: readonly string[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([base, packages, GOLDEN_RECIPE]))
    .digest('hex')
    .slice(0, 12);
  return join(imagesDir, `golden-${digest}`);
}

export interface GoldenOptions {
  imagesDir: string;
  base: string;
  packages: readonly string[];
  /** Name servers apt uses inside the build container. */
  dns: readonly string[];
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Returns the golden layer for `packages`, building it when missing: an overlay (upper = new layer) over
 * the base is mounted, apt installs the packages inside it with systemd-nspawn (host network, no boot),
 * and the upper folder becomes the layer. Nothing is left behind when the build fails.
 */
export async function ensureGolden(options: GoldenOptions): Promise<{ path: string; built: boolean }> {
  const { imagesDir, base, packages } = options;
  const path = goldenPath(imagesDir, base, packages);
  if (existsSync(path)) return { path, built: false };
  for (const name of existsSync(imagesDir) ? readdirSync(imagesDir) : []) {
    const pid = /^golden-.*\.build-(\d+)$/.exec(name)?.[1];
    if (!pid || processAlive(Number(pid))) continue;
    await unmountBelow(join(imagesDir, name));
    rmSync(join(imagesDir, name), { recursive: true, force: true });
  }
  const build = `${path}.build-${process.pid}`;
  const [upper, work, merged] = ['upper', 'work', 'merged'].map((d) => join(build, d)) as [
    string,
    string,
    string,
  ];
  const machine = `qgold-${process.pid}`;
  const cgroups = nodeCgroupPaths('golden', machine);
  options.log?.(`building the golden layer (once): ${packages.join(' ')}`);
  try {
    for (const dir of [upper, work, merged]) mkdirSync(dir, { recursive: true });
    await run('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${base},upperdir=${upper},workdir=${work}`,
      merged,
    ]);
    writeNodeFile(
      merged,
      'usr/sbin/policy-rc.d',
      '#!/bin/sh\n# quorum lab: no service starts while building\nexit 101\n',
      0o755,
    );
    writeNodeFile(merged, 'etc/resolv.conf', options.dns.map((d) => `nameserver ${d}\n`).join(''));
    for (const dir of cgroups) mkdirSync(dir, { recursive: true });
    const enabled = 'systemctl list-unit-files --no-legend --no-pager --state=enabled | cut -d" " -f1 | sort';
    const install = [
      `${enabled} > /tmp/quorum-enabled-before`,
      'apt-get update -q',
      `apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold ${packages.join(' ')}`,
      'apt-get clean',
      `${enabled} > /tmp/quorum-enabled-after`,
      'comm -13 /tmp/quorum-enabled-before /tmp/quorum-enabled-after | xargs -r systemctl disable',
      'rm -f /tmp/quorum-enabled-before /tmp/quorum-enabled-after',
    ].join(' && ');
    await run(
      'sh',
      inCgroupsArgs(cgroups, [
        'systemd-nspawn',
        `--directory=${merged}`,
        `--machine=${machine}`,
        '--register=no',
        '--keep-unit',
        '--pipe',
        '--quiet',
        '--resolv-conf=off',
        '--timezone=off',
        '--setenv=DEBIAN_FRONTEND=noninteractive',
        '--',
        'sh',
        '-c',
        install,
      ]),
      { signal: options.signal, timeoutMs: 30 * 60_000 },
    );
    rmSync(join(merged, 'usr/sbin/policy-rc.d'));
    rmSync(join(merged, 'etc/resolv.conf'));
    await run('umount', [merged]);
    await run('mv', ['-T', upper, path]);
    return { path, built: true };
  } finally {
    // Processes first (an interrupted apt), then mounts, then folders; each step runs even when one before
    // failed, and a cleanup problem is logged, never allowed to hide the build's own error.
    const steps: [string, () => unknown][] = [
      ...cgroups.map((dir): [string, () => unknown] => [`cgroup ${dir}`, () => removeCgroupTree(dir)]),
      [`mounts below ${build}`, () => unmountBelow(build)],
      [
        build,
        () => {
          // Never delete through a mount that did not go away.
          if (hasMountsBelow(build)) throw new Error('still mounted; left in place');
          rmSync(build, { recursive: true, force: true });
        },
      ],
      [propagateDir(machine), () => rmSync(propagateDir(machine), { recursive: true, force: true })],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        options.log?.(`cleaning up the golden build (${what}): ${(error as Error).message}`);
      }
    }
  }
}
