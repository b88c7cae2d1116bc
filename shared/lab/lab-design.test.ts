import { describe, expect, it } from 'vitest';
import { createDesign, Design } from '../design/schema';
import { labDesign, labHostnames, labNameProblem, type LabTopology } from './lab-design';

const lab: LabTopology = {
  name: 'lab',
  subnet: '10.117.0.0/24',
  gateway: '10.117.0.1',
  identityFile: '/data/lab/ssh/id_ed25519',
  nodes: [
    { hostname: 'lab-1', address: '10.117.0.11' },
    { hostname: 'lab-2', address: '10.117.0.12' },
    { hostname: 'lab-3', address: '10.117.0.13' },
  ],
};

function designed(): Design {
  return Design.parse({
    ...createDesign('Prod'),
    nodes: [
      {
        id: 'ctl1',
        hostname: 'controller1',
        roles: ['controller'],
        nics: [
          { name: 'eth0', network: 'mgmt', address: '192.168.1.11' },
          { name: 'eth1', network: 'tenant', address: '192.168.2.11' },
        ],
      },
      { id: 'ctl2', hostname: 'controller2', roles: ['controller', 'network'] },
    ],
    networks: [
      {
        id: 'mgmt',
        name: 'Management',
        purpose: 'management',
        cidr: '192.168.1.0/24',
        allocation: { start: '192.168.1.100', end: '192.168.1.150' },
      },
      { id: 'tenant', name: 'Tenant', purpose: 'tenant', cidr: '192.168.2.0/24' },
    ],
    vips: [
      { id: 'db', name: 'Database', network: 'mgmt', address: '192.168.1.5', services: ['database'] },
      { id: 'other', name: 'Other', network: 'tenant', address: '192.168.2.5' },
    ],
  });
}

describe('labNameProblem', () => {
  it.each(['lab', 'a', 'lab7', 'abcdefghij'])('accepts %s', (name) =>
    expect(labNameProblem(name)).toBeNull(),
  );
  it.each(['', 'Lab', '7lab', 'lab-1', 'abcdefghijk', 'a b'])('refuses "%s"', (name) =>
    expect(labNameProblem(name)).toMatch(/lab name/),
  );
});

describe('labHostnames', () => {
  it('names a fresh lab <lab>-<n>, 3 nodes by default', () => {
    expect(labHostnames(null, 'lab')).toEqual(['lab-1', 'lab-2', 'lab-3']);
    expect(labHostnames(null, 'x', 2)).toEqual(['x-1', 'x-2']);
  });
  it("uses the design's host names first, then fills up", () => {
    expect(labHostnames(designed(), 'lab')).toEqual(['controller1', 'controller2']);
    expect(labHostnames(designed(), 'lab', 3)).toEqual(['controller1', 'controller2', 'lab-1']);
    expect(labHostnames(designed(), 'lab', 1)).toEqual(['controller1']);
  });
});

describe('labDesign', () => {
  it('creates a valid design with one management network and a controller per node', () => {
    const design = labDesign(null, lab);
    expect(design.name).toBe('Lab lab');
    expect(design.networks).toEqual([
      {
        id: 'management',
        name: 'Lab lab management',
        purpose: 'management',
        cidr: '10.117.0.0/24',
        gateway: '10.117.0.1',
        mtu: 1500,
      },
    ]);
    expect(design.nodes.map((n) => [n.id, n.hostname, n.roles, n.ssh?.host, n.nics])).toEqual(
      lab.nodes.map((n) => [
        n.hostname,
        n.hostname,
        ['controller'],
        n.address,
        [{ name: 'host0', network: 'management', address: n.address }],
      ]),
    );
    expect(design.nodes[0]?.ssh).toEqual({
      host: '10.117.0.11',
      port: 22,
      user: 'root',
      identityFile: '/data/lab/ssh/id_ed25519',
    });
  });

  it('points an existing design at the lab and keeps everything else', () => {
    const before = designed();
    const topology = {
      ...lab,
      nodes: [
        { hostname: 'controller1', address: '10.117.0.11' },
        { hostname: 'controller2', address: '10.117.0.12' },
        { hostname: 'lab-1', address: '10.117.0.13' },
      ],
    };
    const after = labDesign(before, topology);
    expect(before.networks[0]?.cidr).toBe('192.168.1.0/24');
    const mgmt = after.networks.find((n) => n.id === 'mgmt');
    expect(mgmt).toMatchObject({ cidr: '10.117.0.0/24', gateway: '10.117.0.1' });
    expect(mgmt?.allocation).toBeUndefined();
    expect(after.networks.find((n) => n.id === 'tenant')?.cidr).toBe('192.168.2.0/24');
    const ctl1 = after.nodes.find((n) => n.id === 'ctl1');
    expect(ctl1?.roles).toEqual(['controller']);
    expect(ctl1?.nics).toEqual([
      { name: 'host0', network: 'mgmt', address: '10.117.0.11' },
      { name: 'eth1', network: 'tenant', address: '192.168.2.11' },
    ]);
    expect(after.nodes.find((n) => n.id === 'ctl2')?.roles).toEqual(['controller', 'network']);
    expect(after.nodes.map((n) => n.id)).toEqual(['ctl1', 'ctl2', 'lab-1']);
    expect(after.vips.find((v) => v.id === 'db')?.address).toBe('10.117.0.200');
    expect(after.vips.find((v) => v.id === 'other')?.address).toBe('192.168.2.5');
  });

  it('is stable when applied twice (lab up on a design it wrote)', () => {
    const once = labDesign(null, lab);
    expect(labDesign(once, lab)).toEqual(once);
  });
});
