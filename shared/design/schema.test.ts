import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesign } from './project-file';
import { createDesign, Design } from './schema';

const samplesDir = join(__dirname, '..', '..', 'assets', 'samples');
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.quorum'));

/** A valid design to break one field at a time. */
function base(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: 'Test',
    release: '2025.1',
    distro: 'debian',
    networks: [
      { id: 'mgmt', name: 'Management', purpose: 'management', cidr: '10.0.0.0/24' },
      { id: 'api', name: 'API', purpose: 'api', cidr: '192.168.1.0/24' },
    ],
    nodes: [
      {
        id: 'c1',
        hostname: 'controller1',
        roles: ['controller'],
        nics: [{ name: 'eth0', network: 'mgmt', address: '10.0.0.11' }],
      },
      {
        id: 'c2',
        hostname: 'controller2',
        roles: ['controller'],
        nics: [{ name: 'eth0', network: 'mgmt', address: '10.0.0.12' }],
      },
      {
        id: 'c3',
        hostname: 'controller3',
        roles: ['controller'],
        nics: [
          { name: 'eth0', network: 'mgmt', address: '10.0.0.13' },
          { name: 'eth1', network: 'api', address: '192.168.1.13' },
        ],
      },
    ],
    vips: [{ id: 'v1', name: 'API VIP', network: 'api', address: '192.168.1.10', services: ['keystone'] }],
  };
}

type Mutation = (d: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('design schema v1', () => {
  it.each(samples)('accepts the sample %s', (file) => {
    const result = checkDesign(JSON.parse(readFileSync(join(samplesDir, file), 'utf8')));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('has samples to check', () => expect(samples.length).toBeGreaterThanOrEqual(2));

  it('accepts the base fixture and fills in defaults', () => {
    const result = checkDesign(base());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.design.options.database).toBe('galera-haproxy');
    expect(result.design.networks[0]?.mtu).toBe(1500);
    expect(result.design.layout).toEqual({ nodes: {}, networks: {} });
  });

  it('creates an empty design that round-trips', () => {
    const design = createDesign('New cloud');
    expect(Design.parse(JSON.parse(JSON.stringify(design)))).toEqual(design);
  });

  const cases: [string, Mutation, string, RegExp][] = [
    [
      'bad address',
      (d) => (d.nodes[2].nics[0].address = '10.0.0.300'),
      'nodes[2].nics[0].address',
      /not an IPv4 address/,
    ],
    [
      'address with leading zero',
      (d) => (d.nodes[0].nics[0].address = '10.0.0.011'),
      'nodes[0].nics[0].address',
      /not an IPv4 address/,
    ],
    [
      'CIDR with host bits',
      (d) => (d.networks[0].cidr = '10.0.0.5/24'),
      'networks[0].cidr',
      /host bits set: the network is 10.0.0.0\/24/,
    ],
    ['CIDR without prefix', (d) => (d.networks[1].cidr = '192.168.1.0'), 'networks[1].cidr', /not a CIDR/],
    ['prefix too long', (d) => (d.networks[1].cidr = '192.168.1.0/33'), 'networks[1].cidr', /prefix length/],
    [
      'unknown role',
      (d) => (d.nodes[1].roles = ['controller', 'dba']),
      'nodes[1].roles[1]',
      /must be one of/,
    ],
    ['bad host name', (d) => (d.nodes[0].hostname = 'controller_1'), 'nodes[0].hostname', /not a host name/],
    ['VLAN out of range', (d) => (d.networks[0].vlan = 5000), 'networks[0].vlan', /4094/],
    [
      'NIC on an unknown network',
      (d) => (d.nodes[1].nics[0].network = 'storage'),
      'nodes[1].nics[0].network',
      /unknown network "storage"/,
    ],
    [
      'VIP on an unknown network',
      (d) => (d.vips[0].network = 'public'),
      'vips[0].network',
      /unknown network "public"/,
    ],
    [
      'duplicate node id',
      (d) => (d.nodes[2].id = 'c1'),
      'nodes[2].id',
      /duplicate id "c1" \(also nodes\[0\]\)/,
    ],
    [
      'arbitrator on an unknown node',
      (d) => (d.options = { arbitrator: { mode: 'node', node: 'garbd1' } }),
      'options.arbitrator.node',
      /unknown node/,
    ],
    [
      'unknown field (e.g. a password)',
      (d) => (d.nodes[0].ssh = { host: 'h', password: 'x' }),
      'nodes[0].ssh.password',
      /unknown field/,
    ],
    ['missing name', (d) => delete d.name, 'name', /required/],
    [
      'wrong type',
      (d) => (d.nodes[0].roles = 'controller'),
      'nodes[0].roles',
      /expected array, found string/,
    ],
    ['unknown release', (d) => (d.release = 'grizzly'), 'release', /must be one of/],
    ['empty name', (d) => (d.name = '   '), 'name', /must not be empty/],
  ];

  it.each(cases)('rejects %s with its path', (_label, mutate, path, message) => {
    const doc = base();
    mutate(doc);
    const result = checkDesign(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(result.problems)).toBeDefined();
    expect(problem?.message).toMatch(message);
  });

  it('reports every problem, not just the first', () => {
    const doc = base() as { nodes: { nics: { address: string }[] }[] };
    doc.nodes[0]!.nics[0]!.address = 'x';
    doc.nodes[1]!.nics[0]!.address = 'y';
    const result = checkDesign(doc);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([
      'nodes[0].nics[0].address',
      'nodes[1].nics[0].address',
    ]);
  });
});
