import { describe, expect, it } from 'vitest';
import { Design, createDesign, type DesignInput } from './schema';
import { allocateAddress, addressesInUse, usableRange, numberToIp, ipToNumber } from './allocate';
import { addNetwork, addNode, addVip, connectNode } from './topology';

function design(input: Partial<DesignInput>): Design {
  return Design.parse({ schemaVersion: 1, name: 't', release: '2025.1', distro: 'debian', ...input });
}

const net = (extra: object = {}) => ({
  id: 'mgmt',
  name: 'Management',
  purpose: 'management' as const,
  cidr: '10.0.0.0/29',
  ...extra,
});

describe('address allocation', () => {
  it('converts addresses to numbers and back', () => {
    for (const a of ['0.0.0.0', '10.0.0.1', '192.168.56.255', '255.255.255.255'])
      expect(numberToIp(ipToNumber(a))).toBe(a);
  });

  it('skips the network address, the gateway and VIPs', () => {
    const d = design({
      networks: [net({ gateway: '10.0.0.1' })],
      vips: [{ id: 'v', name: 'v', network: 'mgmt', address: '10.0.0.2' }],
    });
    expect(allocateAddress(d, 'mgmt')).toEqual({ ok: true, address: '10.0.0.3' });
  });

  it('never hands out the broadcast address and reports an exhausted range clearly', () => {
    // /29: .1–.6 usable; gateway .1, then five NICs fill .2–.6.
    let d = design({ networks: [net({ gateway: '10.0.0.1' })] });
    const given: string[] = [];
    for (let i = 0; i < 5; i++) {
      const added = addNode(d, ['compute']);
      if (!added.ok) throw new Error(added.problem);
      const connected = connectNode(added.design, added.created, 'mgmt');
      if (!connected.ok) throw new Error(connected.problem);
      d = connected.design;
      given.push(d.nodes.at(-1)!.nics[0]!.address!);
    }
    expect(given).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    const full = allocateAddress(d, 'mgmt');
    expect(full.ok).toBe(false);
    if (!full.ok) {
      expect(full.problem).toContain('Management (10.0.0.0/29) is full');
      expect(full.problem).toContain('10.0.0.1–10.0.0.6');
    }
    const added = addNode(d, ['compute']);
    if (!added.ok) throw new Error(added.problem);
    const refused = connectNode(added.design, added.created, 'mgmt');
    expect(refused.ok).toBe(false);
  });

  it('keeps inside the allocation range', () => {
    const d = design({
      networks: [net({ cidr: '10.0.0.0/24', allocation: { start: '10.0.0.50', end: '10.0.0.51' } })],
    });
    expect(usableRange(d.networks[0]!)).toEqual({
      first: ipToNumber('10.0.0.50'),
      last: ipToNumber('10.0.0.51'),
    });
    expect(allocateAddress(d, 'mgmt', ['10.0.0.50'])).toEqual({ ok: true, address: '10.0.0.51' });
    expect(allocateAddress(d, 'mgmt', ['10.0.0.50', '10.0.0.51']).ok).toBe(false);
  });

  it('uses both addresses of a /31 point-to-point link', () => {
    const d = design({ networks: [net({ cidr: '10.0.0.0/31' })] });
    expect(allocateAddress(d, 'mgmt')).toEqual({ ok: true, address: '10.0.0.0' });
    expect(allocateAddress(d, 'mgmt', ['10.0.0.0'])).toEqual({ ok: true, address: '10.0.0.1' });
  });

  it('reports an unknown network', () => {
    expect(allocateAddress(createDesign(), 'nope')).toEqual({
      ok: false,
      problem: 'There is no network "nope".',
    });
  });

  it('never collides: many nodes, VIPs and networks all get distinct addresses (seeded random order)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let d = createDesign();
    for (const purpose of ['management', 'api', 'storage'] as const) {
      const r = addNetwork(d, purpose);
      if (!r.ok) throw new Error(r.problem);
      d = r.design;
    }
    for (let i = 0; i < 120; i++) {
      const network = d.networks[Math.floor(random() * d.networks.length)]!;
      if (random() < 0.2) {
        const r = addVip(d, network.id);
        if (r.ok) d = r.design;
        continue;
      }
      const added = addNode(d, ['compute']);
      if (!added.ok) throw new Error(added.problem);
      d = added.design;
      for (const n of d.networks) {
        if (random() < 0.7) {
          const c = connectNode(d, added.created, n.id);
          if (c.ok) d = c.design;
        }
      }
    }
    expect(Design.safeParse(d).success).toBe(true);
    for (const network of d.networks) {
      const all = [
        ...d.nodes.flatMap((n) =>
          n.nics.filter((nic) => nic.network === network.id).map((nic) => nic.address),
        ),
        ...d.vips.filter((v) => v.network === network.id).map((v) => v.address),
        network.gateway,
      ];
      expect(new Set(all).size).toBe(all.length);
      expect(addressesInUse(d, network.id).size).toBe(all.length);
    }
  });
});
