import { describe, expect, it } from 'vitest';
import { cidrsOverlap, labAddressPlan, labSubnetProblem, pickLabSubnet } from './addresses';

describe('cidrsOverlap', () => {
  it.each([
    ['10.117.0.0/24', '10.117.0.0/24', true],
    ['10.117.0.0/24', '10.117.1.0/24', false],
    ['10.117.0.0/16', '10.117.5.0/24', true],
    ['10.117.5.0/24', '10.117.0.0/16', true],
    ['10.117.0.0/24', '10.117.0.255', true],
    ['10.117.0.0/24', '10.117.1.0', false],
    ['192.0.2.0/24', '10.0.0.0/8', false],
  ])('%s and %s → %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
  });
});

describe('labSubnetProblem', () => {
  it.each([
    ['10.117.0.0/24', null],
    ['192.168.50.0/24', null],
    ['172.20.0.0/16', null],
  ])('accepts %s', (subnet, expected) => {
    expect(labSubnetProblem(subnet)).toBe(expected);
  });
  it.each([
    ['192.0.2.0/24', /not a private network/],
    ['8.8.8.0/24', /not a private network/],
    ['10.117.0.0/25', /between \/16 and \/24/],
    ['10.0.0.0/8', /between \/16 and \/24/],
    ['10.117.0.5/24', /host bits set/],
    ['nonsense', /not a CIDR/],
  ])('refuses %s', (subnet, message) => {
    expect(labSubnetProblem(subnet)).toMatch(message);
  });
});

describe('labAddressPlan', () => {
  it('puts the gateway on .1, nodes from .11 and VIPs from .200', () => {
    const plan = labAddressPlan('10.117.3.0/24', 3);
    expect(plan.gateway).toBe('10.117.3.1');
    expect(plan.nodes).toEqual(['10.117.3.11', '10.117.3.12', '10.117.3.13']);
    expect(plan.vipPool[0]).toBe('10.117.3.200');
    expect(plan.prefix).toBe(24);
  });
  it('refuses a public subnet and silly node counts', () => {
    expect(() => labAddressPlan('192.0.2.0/24', 3)).toThrow(/private/);
    expect(() => labAddressPlan('10.117.0.0/24', 0)).toThrow(/1 to 32/);
    expect(() => labAddressPlan('10.117.0.0/24', 33)).toThrow(/1 to 32/);
  });
});

describe('pickLabSubnet', () => {
  it('takes the first /24 of the pool nobody uses', () => {
    expect(pickLabSubnet([])).toBe('10.117.0.0/24');
    expect(pickLabSubnet(['192.0.2.0/24', '10.117.0.0/24', '10.117.1.7'])).toBe('10.117.2.0/24');
  });
  it('returns null when the pool is used up', () => {
    expect(pickLabSubnet(['10.117.0.0/16'])).toBeNull();
  });
});
