// Unit tests of the lab's pieces that need neither root nor containers. The real thing (nodes, bridge,
// NAT, failures) is tested by `npm run test:lab` (lab.lab-test.ts).
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  mkdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labHostProblem, LAB_TOOLS } from './prerequisites';
import { splitRuleLine, taggedRules } from './network';
import { hostsFile, networkFile, writeNodeFile } from './node-root';
import { nspawnArgs } from './nspawn';
import { labPaths, lockLab, readLabState, writeLabState, type LabState } from './state';
import { processArgs } from './host';
import { mergeIntoKnownHosts, removeFromKnownHosts, withoutHosts } from './known-hosts';
import { createHmac } from 'node:crypto';
import { goldenPath, parseGoldenPackages } from './golden';

describe('labHostProblem', () => {
  const all = () => true;
  it('is null on Linux as root with every tool', () => {
    expect(labHostProblem({ platform: 'linux', uid: 0, hasTool: all })).toBeNull();
  });
  it('says Linux is needed, in one line', () => {
    const problem = labHostProblem({ platform: 'darwin', uid: 0, hasTool: all });
    expect(problem).toMatch(/needs Linux.*darwin/);
    expect(problem).not.toContain('\n');
  });
  it('says root is needed', () => {
    expect(labHostProblem({ platform: 'linux', uid: 1000, hasTool: all })).toMatch(/needs root/);
  });
  it('names the missing tools and the packages to install', () => {
    const missing = new Set(['debootstrap', 'systemd-nspawn', 'iptables']);
    const problem = labHostProblem({ platform: 'linux', uid: 0, hasTool: (t) => !missing.has(t) });
    expect(problem).toBe(
      'quorum lab needs debootstrap, systemd-nspawn, iptables: apt-get install debootstrap systemd-container iptables',
    );
    expect(LAB_TOOLS.map((t) => t.tool)).toContain('ip');
  });
});

describe('iptables rule listing', () => {
  const listing = [
    '-P FORWARD ACCEPT',
    '-A FORWARD -i qlab-lab -m comment --comment "quorum-lab:lab" -j ACCEPT',
    '-A FORWARD -i qlab-lab2 -m comment --comment "quorum-lab:lab2" -j ACCEPT',
    '-A FORWARD -i docker0 -j ACCEPT',
    '-A FORWARD -o x -m comment --comment "not quorum-lab:lab at all" -j ACCEPT',
    '-A POSTROUTING -s 10.117.0.0/24 ! -o qlab-lab -m comment --comment quorum-lab:lab -j MASQUERADE',
  ].join('\n');
  it('splits quoted comments into one argument', () => {
    expect(splitRuleLine('-A X -m comment --comment "a b" -j ACCEPT')).toEqual([
      '-A',
      'X',
      '-m',
      'comment',
      '--comment',
      'a b',
      '-j',
      'ACCEPT',
    ]);
  });
  it("finds exactly the lab's rules, never a lab with a longer name or another comment", () => {
    expect(taggedRules(listing, 'quorum-lab:lab')).toEqual([
      ['-A', 'FORWARD', '-i', 'qlab-lab', '-m', 'comment', '--comment', 'quorum-lab:lab', '-j', 'ACCEPT'],
      [
        '-A',
        'POSTROUTING',
        '-s',
        '10.117.0.0/24',
        '!',
        '-o',
        'qlab-lab',
        '-m',
        'comment',
        '--comment',
        'quorum-lab:lab',
        '-j',
        'MASQUERADE',
      ],
    ]);
  });
});

describe('node files', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'quorum-node-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists every peer in /etc/hosts and never maps its own name to 127.0.1.1', () => {
    const text = hostsFile([
      { hostname: 'a', address: '10.117.0.11' },
      { hostname: 'b', address: '10.117.0.12' },
    ]);
    expect(text).toContain('10.117.0.11\ta\n');
    expect(text).toContain('10.117.0.12\tb\n');
    expect(text).not.toContain('127.0.1.1');
  });

  it('gives host0 a static address, gateway and DNS', () => {
    expect(
      networkFile({ address: '10.117.0.11', prefix: 24, gateway: '10.117.0.1', dns: ['10.255.255.53'] }),
    ).toBe(
      '[Match]\nName=host0\n\n[Network]\nAddress=10.117.0.11/24\nGateway=10.117.0.1\nDNS=10.255.255.53\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n',
    );
  });

  it('writes files with their mode, creating folders', () => {
    writeNodeFile(root, 'root/.ssh/authorized_keys', 'key\n', 0o600);
    expect(readFileSync(join(root, 'root/.ssh/authorized_keys'), 'utf8')).toBe('key\n');
    expect(lstatSync(join(root, 'root/.ssh/authorized_keys')).mode & 0o777).toBe(0o600);
  });

  it('replaces a symbolic link instead of writing through it onto the host', () => {
    const outside = join(root, '..', `${root.split('/').pop()}-outside`);
    writeFileSync(outside, 'host file\n');
    try {
      mkdirSync(join(root, 'etc'));
      symlinkSync(outside, join(root, 'etc/resolv.conf'));
      writeNodeFile(root, 'etc/resolv.conf', 'nameserver 10.0.0.1\n');
      expect(readFileSync(outside, 'utf8')).toBe('host file\n');
      expect(lstatSync(join(root, 'etc/resolv.conf')).isSymbolicLink()).toBe(false);
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('refuses to write below a symbolic link folder', () => {
    symlinkSync('/tmp', join(root, 'etc'));
    expect(() => writeNodeFile(root, 'etc/hostname', 'x\n')).toThrow(/symbolic link/);
  });
});

describe('nspawn arguments', () => {
  it('boot the node without a host systemd, on the bridge, with unlimited memlock', () => {
    const args = nspawnArgs(
      {
        machine: 'lab-1',
        hostname: 'ctl1',
        address: '10.117.0.11',
        dir: '/d/lab-1',
        cgroups: [],
        nspawnPid: null,
        hostKeys: [],
      },
      { bridge: 'qlab-lab' },
    );
    expect(args).toEqual(
      expect.arrayContaining([
        '--directory=/d/lab-1/root',
        '--boot',
        '--register=no',
        '--keep-unit',
        '--machine=lab-1',
        '--hostname=ctl1',
        '--network-bridge=qlab-lab',
        '--rlimit=RLIMIT_MEMLOCK=infinity',
        '--rlimit=RLIMIT_NOFILE=1024:524288',
      ]),
    );
  });
});

describe('lab state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quorum-labstate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const state = (paths: ReturnType<typeof labPaths>): LabState => ({
    version: 1,
    name: 'lab',
    phase: 'up',
    ownerPid: 1,
    createdAt: '2026-11-21T00:00:00.000Z',
    subnet: '10.117.0.0/24',
    prefix: 24,
    gateway: '10.117.0.1',
    bridge: 'qlab-lab',
    ruleTag: 'quorum-lab:lab',
    ipForwardBefore: '0',
    dns: ['10.255.255.53'],
    lowerDirs: ['/base'],
    identityFile: paths.identityFile,
    knownHostsFile: paths.knownHostsFile('lab'),
    appKnownHostsFile: null,
    designPath: null,
    nodes: [],
  });

  it('round-trips through the state file and reports a missing lab as null', () => {
    const paths = labPaths(dir);
    expect(readLabState(paths, 'lab')).toBeNull();
    writeLabState(paths, state(paths));
    expect(readLabState(paths, 'lab')).toEqual(state(paths));
  });

  it('names the file when it is damaged', () => {
    const paths = labPaths(dir);
    writeLabState(paths, state(paths));
    writeFileSync(paths.stateFile('lab'), '{"version": 2}');
    expect(() => readLabState(paths, 'lab')).toThrow(/state\.json is not a lab state file/);
  });

  it('lets one process at a time change a lab, and takes over a dead holder’s lock', () => {
    const paths = labPaths(dir);
    const release = lockLab(paths, 'lab');
    expect(() => lockLab(paths, 'lab')).toThrow(/busy.*pid/);
    release();
    // No state file: the lab folder the lock created is gone again.
    expect(existsSync(paths.labDir('lab'))).toBe(false);
    mkdirSync(paths.labDir('lab'), { recursive: true });
    writeFileSync(join(paths.labDir('lab'), 'lock'), '999999999');
    lockLab(paths, 'lab')();
  });
});

describe('processArgs', () => {
  it('reads a live command line and null for a gone process', () => {
    expect(processArgs(process.pid)?.[0]).toMatch(/node/);
    expect(processArgs(999_999_999)).toBeNull();
  });
});

describe('golden layer packages', () => {
  it('accepts comma or space separated names, sorted and unique', () => {
    expect(parseGoldenPackages('memcached,haproxy keepalived,memcached')).toEqual([
      'haproxy',
      'keepalived',
      'memcached',
    ]);
  });
  it('refuses options and shell text in place of a package', () => {
    expect(() => parseGoldenPackages('memcached,-o')).toThrow(/not a Debian package name: -o/);
    expect(() => parseGoldenPackages('a;rm')).toThrow(/not a Debian package name/);
    expect(() => parseGoldenPackages(' , ')).toThrow(/no packages/);
  });
  it('names the layer by base and packages', () => {
    const a = goldenPath('/i', '/i/base', ['haproxy', 'memcached']);
    expect(a).toMatch(/^\/i\/golden-[0-9a-f]{12}$/);
    expect(goldenPath('/i', '/i/base', ['haproxy', 'memcached'])).toBe(a);
    expect(goldenPath('/i', '/i/base', ['haproxy'])).not.toBe(a);
    expect(goldenPath('/i', '/i/base2', ['haproxy', 'memcached'])).not.toBe(a);
  });
});

describe('known_hosts merging', () => {
  const salt = Buffer.from('0123456789abcdef0123');
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('10.117.0.12').digest('base64')}`;
  const before = [
    '# my hosts',
    'github.com ssh-ed25519 AAAAgithub',
    '10.117.0.11 ssh-ed25519 AAAAold11',
    '[10.117.0.13]:22 ssh-ed25519 AAAAold13',
    '10.117.0.111 ssh-ed25519 AAAAother',
    `${hashed} ssh-ed25519 AAAAold12`,
    '@cert-authority 10.117.0.11 ssh-ed25519 AAAAca',
    '',
  ].join('\n');
  const lab = ['10.117.0.11', '10.117.0.12', '10.117.0.13'];

  it('drops every earlier line for the lab addresses (plain, [host]:22, hashed, marked) and keeps the rest', () => {
    expect(withoutHosts(before, lab)).toBe(
      ['# my hosts', 'github.com ssh-ed25519 AAAAgithub', '10.117.0.111 ssh-ed25519 AAAAother', ''].join(
        '\n',
      ),
    );
  });

  it('merges into a file and removes again, leaving other lines as they were', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-kh-'));
    try {
      const file = join(dir, 'ssh', 'known_hosts');
      mergeIntoKnownHosts(file, lab, '10.117.0.11 ssh-ed25519 AAAAnew11\n');
      expect(readFileSync(file, 'utf8')).toBe('10.117.0.11 ssh-ed25519 AAAAnew11\n');
      writeFileSync(file, before);
      mergeIntoKnownHosts(file, lab, '10.117.0.11 ssh-ed25519 AAAAnew11\n');
      expect(readFileSync(file, 'utf8')).toContain('github.com ssh-ed25519 AAAAgithub\n');
      expect(readFileSync(file, 'utf8')).not.toContain('AAAAold');
      expect(readFileSync(file, 'utf8').endsWith('10.117.0.11 ssh-ed25519 AAAAnew11\n')).toBe(true);
      removeFromKnownHosts(file, lab);
      expect(readFileSync(file, 'utf8')).toBe(withoutHosts(before, lab));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
