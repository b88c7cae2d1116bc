import bookComplete from '../../assets/templates/book-complete.quorum?raw';
import bookLab from '../../assets/templates/book-lab.quorum?raw';
import dvr from '../../assets/templates/dvr.quorum?raw';
import fieldReport from '../../assets/templates/field-report.quorum?raw';
import haReference from '../../assets/templates/ha-guide-reference.quorum?raw';
import legacyDrbd from '../../assets/templates/legacy-drbd.quorum?raw';
import bookLabSample from '../../assets/samples/book-lab.quorum?raw';
import fieldReportSample from '../../assets/samples/field-report.quorum?raw';
import { describe, expect, it } from 'vitest';
import { checkDesign, parseProjectFile } from './project-file';
import { createDesign, type DesignInput } from './schema';
import { textFieldProblem, UserName } from './text-fields';

/** A valid design in which every free-text field of the schema is set. */
function fullDesign(): DesignInput {
  return {
    ...createDesign('Lab — rack A (2026)'),
    networks: [{ id: 'mgmt', name: 'Management / API', purpose: 'management', cidr: '10.0.0.0/24' }],
    vips: [{ id: 'api', name: 'API VIP', network: 'mgmt', address: '10.0.0.10' }],
    nodes: [
      {
        id: 'ctl1',
        hostname: 'ctl1',
        roles: ['controller', 'gluster', 'swift-storage'],
        zone: 'rack-a',
        ssh: {
          host: 'ctl1.lab.example.net',
          port: 22,
          user: 'admin',
          identityFile: '~/.ssh/id_ed25519',
          proxyJump: 'ops@bastion.example.net:2222,jump2',
        },
        nics: [
          {
            name: 'bond0',
            network: 'mgmt',
            address: '10.0.0.11',
            bond: { mode: 'active-backup', members: ['eth0', 'eth1'] },
          },
        ],
      },
    ],
    options: {
      ...createDesign().options,
      gluster: {
        serverQuorum: false,
        clientQuorum: false,
        geoReplication: { secondaryHost: 'dr-gluster1.example.net', secondaryVolume: 'gv0-dr' },
      },
      swift: { devices: ['sdb', 'nvme0n1'] },
    },
  };
}

type Path = (string | number)[];

function withValue(path: Path, value: string): unknown {
  const design = JSON.parse(JSON.stringify(fullDesign())) as Record<string | number, unknown>;
  let at = design;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return design;
}

function problemsAt(path: Path, value: string): string[] {
  const checked = checkDesign(withValue(path, value));
  if (checked.ok) return [];
  const where = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1);
  const wanted = where.replace(/\.\[/g, '[');
  return checked.problems.filter((p) => p.path === wanted).map((p) => p.message);
}

/** Every free-text field, with its length limit. */
const FIELDS: { path: Path; max: number }[] = [
  { path: ['name'], max: 120 },
  { path: ['networks', 0, 'name'], max: 64 },
  { path: ['vips', 0, 'name'], max: 64 },
  { path: ['nodes', 0, 'zone'], max: 63 },
  { path: ['nodes', 0, 'ssh', 'host'], max: 253 },
  { path: ['nodes', 0, 'ssh', 'user'], max: 32 },
  { path: ['nodes', 0, 'ssh', 'identityFile'], max: 1024 },
  { path: ['nodes', 0, 'ssh', 'proxyJump'], max: 1024 },
  { path: ['nodes', 0, 'nics', 0, 'bond', 'members', 0], max: 15 },
  { path: ['options', 'gluster', 'geoReplication', 'secondaryHost'], max: 253 },
  { path: ['options', 'gluster', 'geoReplication', 'secondaryVolume'], max: 64 },
  { path: ['options', 'swift', 'devices', 0], max: 16 },
];

const HOSTILE = [
  'dr1;touch /tmp/x',
  'a$(id)b',
  'a`id`b',
  'a\nb',
  'alias x\ncheck_command y',
  "a'b",
  'a"b',
  'a|b',
  'a\u0000b',
  'a\tb',
  '-oProxyCommand=x',
];

describe('free-text fields of the schema', () => {
  it('the full design is valid to start with', () => {
    expect(checkDesign(fullDesign())).toMatchObject({ ok: true });
  });

  for (const { path, max } of FIELDS) {
    const name = path.join('.');
    it(`${name}: refuses shell and config metacharacters, naming the field`, () => {
      for (const value of HOSTILE) {
        const problems = problemsAt(path, value);
        expect(problems, JSON.stringify(value)).toHaveLength(1);
        expect(problems[0]).toMatch(/^(only|not)/);
      }
    });
    it(`${name}: refuses more than ${max} characters`, () => {
      // Characters every field accepts, so only the length is wrong.
      const long = 'a'.repeat(max + 1);
      const problems = problemsAt(path, long);
      expect(problems.length).toBeGreaterThan(0);
      for (const message of problems)
        expect(message).toMatch(new RegExp(`^(at most ${max} characters|not )`));
      expect(problemsAt(path, long.slice(0, Math.min(max, 15)))).toEqual([]);
    });
  }

  it('accepts the texts real designs use', () => {
    const ok: [Path, string][] = [
      [['name'], 'DVR — 3 controllers, 2 network nodes (SNAT), Ceph, computes on external'],
      [['networks', 0, 'name'], 'Out-of-band (IPMI)'],
      [['vips', 0, 'name'], 'Grüße: öffentlich'],
      [['nodes', 0, 'zone'], 'room 2'],
      [['nodes', 0, 'ssh', 'host'], '192.168.56.101'],
      [['nodes', 0, 'ssh', 'host'], 'fe80::1'],
      [['nodes', 0, 'ssh', 'host'], 'build_host.internal'],
      [['nodes', 0, 'ssh', 'identityFile'], '/home/ops/My Keys/lab_key'],
      [['nodes', 0, 'ssh', 'proxyJump'], 'admin@[2001:db8::1]:22'],
      [['options', 'gluster', 'geoReplication', 'secondaryHost'], '10.20.0.5'],
    ];
    for (const [path, value] of ok) expect(problemsAt(path, value), value).toEqual([]);
  });

  it('trims names; refuses a leading dash and a host address that is not one', () => {
    const trimmed = checkDesign(withValue(['vips', 0, 'name'], '  API VIP\n'));
    expect(trimmed.ok && trimmed.design.vips[0]?.name).toBe('API VIP');
    expect(problemsAt(['vips', 0, 'name'], '   ')).toEqual(['must not be empty']);
    expect(problemsAt(['nodes', 0, 'ssh', 'host'], '-oProxyCommand')).toHaveLength(1);
    expect(problemsAt(['nodes', 0, 'ssh', 'host'], '10.0.0.300')).toHaveLength(1);
    expect(problemsAt(['nodes', 0, 'ssh', 'identityFile'], '-i')).toHaveLength(1);
  });

  it('gives the inspector the same message as the schema; empty optional fields pass', () => {
    expect(textFieldProblem(UserName, 'root;id')).toMatch(/^not a user name/);
    expect(textFieldProblem(UserName, '')).toBe('must not be empty');
    expect(textFieldProblem(UserName, '', { optional: true })).toBeNull();
  });

  it('every template and sample still parses', () => {
    const files = {
      bookComplete,
      bookLab,
      dvr,
      fieldReport,
      haReference,
      legacyDrbd,
      bookLabSample,
      fieldReportSample,
    };
    for (const [name, text] of Object.entries(files)) {
      const parsed = parseProjectFile(text);
      expect(parsed.ok ? [] : parsed.error, name).toEqual([]);
    }
  });
});
