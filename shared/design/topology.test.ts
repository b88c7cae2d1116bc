import { describe, expect, it } from 'vitest';
import { Design, createDesign } from './schema';
import {
  addNetwork,
  addNode,
  addVip,
  changeNetworkCidr,
  connectNode,
  removeItems,
  toggleRole,
  updateNic,
  nextHostname,
} from './topology';
import { copyNodes, pasteNodes } from './clipboard';
import { addressProblem, hostnameProblem, networkCidrProblem } from './field-checks';
import { EMPTY_HISTORY, record, redo, undo } from './history';

function ok<T>(result: { ok: true; design: Design; created: T } | { ok: false; problem: string }) {
  if (!result.ok) throw new Error(result.problem);
  return result;
}

function twoControllers() {
  let d = ok(addNetwork(createDesign(), 'management')).design;
  const a = ok(addNode(d, ['controller', 'network']));
  d = ok(connectNode(a.design, a.created, 'management')).design;
  const b = ok(addNode(d, ['controller']));
  d = ok(connectNode(b.design, b.created, 'management')).design;
  return d;
}

describe('topology edits', () => {
  it('adds nodes with host names per role and keeps every design valid', () => {
    const d = twoControllers();
    expect(d.nodes.map((n) => [n.hostname, n.roles, n.nics])).toEqual([
      [
        'controller1',
        ['controller', 'network'],
        [{ name: 'eth0', network: 'management', address: '10.0.0.10' }],
      ],
      ['controller2', ['controller'], [{ name: 'eth0', network: 'management', address: '10.0.0.11' }]],
    ]);
    expect(Design.safeParse(d).success).toBe(true);
    expect(nextHostname(d, 'controller')).toBe('controller3');
  });

  it('refuses a second NIC on the same network and names the next NIC eth1', () => {
    let d = twoControllers();
    expect(connectNode(d, 'controller1', 'management')).toEqual({
      ok: false,
      problem: 'controller1 is already on Management.',
    });
    d = ok(addNetwork(d, 'api')).design;
    d = ok(connectNode(d, 'controller1', 'api')).design;
    expect(d.nodes[0]!.nics[1]).toEqual({ name: 'eth1', network: 'api', address: '10.1.0.10' });
  });

  it('toggles roles', () => {
    const d = toggleRole(
      toggleRole(twoControllers(), 'controller2', 'ceph-mon'),
      'controller2',
      'controller',
    );
    expect(d.nodes[1]!.roles).toEqual(['ceph-mon']);
  });

  it('removing a network removes its NICs and VIPs; removing the arbitrator node resets the option', () => {
    let d = ok(addVip(twoControllers(), 'management', ['keystone'])).design;
    expect(d.vips[0]!.address).toBe('10.0.0.12');
    const g = ok(addNode(d, ['arbitrator']));
    d = { ...g.design, options: { ...g.design.options, arbitrator: { mode: 'node', node: g.created } } };
    const noNet = removeItems(d, { nodes: [], networks: ['management'], vips: [] });
    expect(noNet.vips).toEqual([]);
    expect(noNet.nodes.every((n) => n.nics.length === 0)).toBe(true);
    const noGarbd = removeItems(d, { nodes: [g.created], networks: [], vips: [] });
    expect(noGarbd.options.arbitrator).toEqual({ mode: 'none' });
    expect(noGarbd.layout.nodes[g.created]).toBeUndefined();
    expect(Design.safeParse(noNet).success && Design.safeParse(noGarbd).success).toBe(true);
  });

  it('copy/paste gives new host names, ids and free addresses, and drops the SSH endpoint', () => {
    let d = twoControllers();
    d = { ...d, nodes: d.nodes.map((n) => ({ ...n, ssh: { host: n.hostname, port: 22, user: 'root' } })) };
    const pasted = ok(pasteNodes(d, copyNodes(d, ['controller1', 'controller2'])));
    expect(pasted.created).toEqual(['controller3', 'controller4']);
    const copies = pasted.design.nodes.slice(2);
    expect(copies.map((n) => [n.hostname, n.nics[0]!.address, n.ssh])).toEqual([
      ['controller3', '10.0.0.12', undefined],
      ['controller4', '10.0.0.13', undefined],
    ]);
    expect(copies[0]!.roles).toEqual(['controller', 'network']);
    expect(Design.safeParse(pasted.design).success).toBe(true);
  });

  it('paste fails without changing anything when a network is full', () => {
    let d = twoControllers();
    d = {
      ...d,
      networks: d.networks.map((n) => ({ ...n, allocation: { start: '10.0.0.10', end: '10.0.0.12' } })),
    };
    const result = pasteNodes(d, copyNodes(d, ['controller1', 'controller2']));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problem).toMatch(/^Cannot paste controller2: Network Management .* is full/);
  });
});

describe('changing a CIDR', () => {
  it('renumbers gateway, range, NICs and VIPs to the same offsets', () => {
    const d = ok(addVip(twoControllers(), 'management')).design;
    const moved = changeNetworkCidr(d, 'management', '10.9.0.0/24');
    expect(moved.networks[0]).toMatchObject({
      cidr: '10.9.0.0/24',
      gateway: '10.9.0.1',
      allocation: { start: '10.9.0.10', end: '10.9.0.250' },
    });
    expect(moved.nodes.map((n) => n.nics[0]!.address)).toEqual(['10.9.0.10', '10.9.0.11']);
    expect(moved.vips[0]!.address).toBe('10.9.0.12');
    expect(Design.safeParse(moved).success).toBe(true);
  });

  it('drops a range that no longer fits and keeps addresses it cannot move', () => {
    const moved = changeNetworkCidr(twoControllers(), 'management', '192.168.0.0/28');
    expect(moved.networks[0]).toMatchObject({ cidr: '192.168.0.0/28', gateway: '192.168.0.1' });
    expect(moved.networks[0]!.allocation).toBeUndefined();
    expect(moved.nodes.map((n) => n.nics[0]!.address)).toEqual(['192.168.0.10', '192.168.0.11']);
    const tiny = changeNetworkCidr(twoControllers(), 'management', '192.168.0.0/29');
    expect(tiny.nodes.map((n) => n.nics[0]!.address)).toEqual(['10.0.0.10', '10.0.0.11']);
  });
});

describe('inline field checks', () => {
  const d = twoControllers();
  const network = d.networks[0]!;
  it.each([
    ['controller2', 'duplicate host name: another node is already called controller2'],
    ['CONTROLLER2', 'duplicate host name: another node is already called controller2'],
    ['-bad', expect.stringContaining('not a host name')],
    ['controller9', null],
    ['controller1', null],
  ])('host name %s', (text, problem) => expect(hostnameProblem(d, 'controller1', text)).toEqual(problem));

  it.each([
    ['10.0.0.0/24', null],
    ['10.0.0.5/24', 'host bits set: the network is 10.0.0.0/24'],
    ['10.0.0/24', 'not an IPv4 network address'],
    ['10.0.0.0', expect.stringContaining('not a CIDR')],
  ])('CIDR %s', (text, problem) => expect(networkCidrProblem(text)).toEqual(problem));

  it.each([
    ['10.0.0.10', null],
    ['10.0.0.11', 'already used by controller2 eth0'],
    ['10.0.1.5', 'outside the network Management (10.0.0.0/24)'],
    ['10.0.0.255', '10.0.0.255 is the broadcast address of 10.0.0.0/24'],
    ['10.0.0.1', 'already used by the gateway'],
    ['10.0.0', 'not an IPv4 address (e.g. 10.0.0.11)'],
  ])('NIC address %s', (text, problem) =>
    expect(addressProblem(d, network, text, { kind: 'nic', id: 'controller1' })).toEqual(problem),
  );
});

describe('undo/redo history', () => {
  it('walks back and forth through ten edits and returns to the same designs', () => {
    let present = createDesign();
    let history = EMPTY_HISTORY;
    const states = [present];
    for (let i = 0; i < 10; i++) {
      const next =
        i === 0 ? ok(addNetwork(present, 'management')).design : ok(addNode(present, ['compute'])).design;
      history = record(history, present);
      present = next;
      states.push(present);
    }
    for (let i = 9; i >= 0; i--) {
      const step = undo(history, present)!;
      ({ design: present, history } = step);
      expect(present).toBe(states[i]);
    }
    expect(undo(history, present)).toBeNull();
    for (let i = 1; i <= 10; i++) {
      ({ design: present, history } = redo(history, present)!);
      expect(present).toBe(states[i]);
    }
    expect(redo(history, present)).toBeNull();
  });

  it('coalesces edits with the same key into one step and a new edit clears redo', () => {
    const a = createDesign('a');
    const b = createDesign('ab');
    const c = createDesign('abc');
    let history = record(EMPTY_HISTORY, a, 'name');
    history = record(history, b, 'name');
    expect(history.past).toEqual([a]);
    const back = undo(history, c)!;
    expect(back.design).toBe(a);
    expect(record(back.history, a).future).toEqual([]);
  });
});

describe('updateNic', () => {
  it('edits an address in place', () => {
    const d = updateNic(twoControllers(), 'controller1', 0, { address: '10.0.0.99' });
    expect(d.nodes[0]!.nics[0]!.address).toBe('10.0.0.99');
  });
});
