/**
 * The lab network: one Linux bridge holding the subnet's gateway address, IPv4 forwarding, and NAT out of
 * the host so apt inside the nodes reaches the Debian mirror. Every iptables rule carries the lab's comment
 * tag; teardown removes exactly the rules with that tag and nothing else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { run } from './host';

const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

/** The iptables comment that marks a lab's rules. */
export function ruleTag(lab: string): string {
  return `quorum-lab:${lab}`;
}

/** The bridge of a lab (Linux interface names stop at 15 bytes; lab names at 10). */
export function bridgeName(lab: string): string {
  return `qlab-${lab}`;
}

interface Rule {
  table: 'filter' | 'nat';
  chain: string;
  spec: string[];
}

function labRules(bridge: string, subnet: string, tag: string): Rule[] {
  const comment = ['-m', 'comment', '--comment', tag];
  return [
    {
      table: 'nat',
      chain: 'POSTROUTING',
      spec: ['-s', subnet, '!', '-o', bridge, '-j', 'MASQUERADE', ...comment],
    },
    { table: 'filter', chain: 'FORWARD', spec: ['-i', bridge, '-j', 'ACCEPT', ...comment] },
    { table: 'filter', chain: 'FORWARD', spec: ['-o', bridge, '-j', 'ACCEPT', ...comment] },
  ];
}

/** Splits one line of `iptables -S` into arguments (double quotes group, as iptables prints comments). */
export function splitRuleLine(line: string): string[] {
  const args: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line))
    args.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return args;
}

/** The rules (as `-A CHAIN …` argument lists) in `listing` whose comment is exactly `tag`. */
export function taggedRules(listing: string, tag: string): string[][] {
  return listing
    .split('\n')
    .filter((line) => line.startsWith('-A '))
    .map(splitRuleLine)
    .filter((args) => args.some((arg, i) => arg === tag && args[i - 1] === '--comment'));
}

/** Lists the rules of both tables that carry `tag`. */
export async function listTaggedRules(tag: string): Promise<{ table: string; args: string[] }[]> {
  const found: { table: string; args: string[] }[] = [];
  for (const table of ['filter', 'nat']) {
    const { stdout } = await run('iptables', ['-w', '-t', table, '-S']);
    for (const args of taggedRules(stdout, tag)) found.push({ table, args });
  }
  return found;
}

/** Interfaces present on the host. */
export async function linkExists(name: string): Promise<boolean> {
  try {
    await run('ip', ['link', 'show', 'dev', name]);
    return true;
  } catch {
    return false;
  }
}

/** Networks and addresses the host already uses (its routes and interface addresses), as CIDRs. */
export async function hostNetworks(): Promise<string[]> {
  const { stdout: routes } = await run('ip', ['-4', '-o', 'route', 'show', 'table', 'all']);
  const { stdout: addrs } = await run('ip', ['-4', '-o', 'addr', 'show']);
  const taken: string[] = [];
  for (const line of routes.split('\n')) {
    const first = line.trim().split(/\s+/)[0] ?? '';
    const dest = ['local', 'broadcast', 'unicast', 'multicast'].includes(first)
      ? (line.trim().split(/\s+/)[1] ?? '')
      : first;
    if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(dest) && dest !== '0.0.0.0/0') taken.push(dest);
  }
  for (const match of addrs.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)) taken.push(`${match[1]}/32`);
  return taken;
}

/** Creates the bridge with the gateway address and brings it up. */
export async function createBridge(bridge: string, gateway: string, prefix: number): Promise<void> {
  await run('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${gateway}/${prefix}`, 'dev', bridge]);
  await run('ip', ['link', 'set', bridge, 'up']);
}

/** Switches IPv4 forwarding on; returns the value it had before. */
export function enableForwarding(): '0' | '1' {
  const before = readFileSync(IP_FORWARD, 'utf8').trim() === '1' ? '1' : '0';
  if (before === '0') writeFileSync(IP_FORWARD, '1\n');
  return before;
}

/** Sets IPv4 forwarding back to `value`. */
export function restoreForwarding(value: '0' | '1'): void {
  writeFileSync(IP_FORWARD, `${value}\n`);
}

/** Adds the lab's NAT and forward rules (forward rules first in their chain, ahead of any DROP). */
export async function addNatRules(bridge: string, subnet: string, tag: string): Promise<void> {
  for (const rule of labRules(bridge, subnet, tag)) {
    const op = rule.table === 'filter' ? '-I' : '-A';
    await run('iptables', ['-w', '-t', rule.table, op, rule.chain, ...rule.spec]);
  }
}

/** Removes every rule carrying `tag`, and the bridge when it exists. */
export async function removeLabNetwork(bridge: string, tag: string): Promise<void> {
  for (const { table, args } of await listTaggedRules(tag)) {
    await run('iptables', ['-w', '-t', table, '-D', ...args.slice(1)]);
  }
  if (await linkExists(bridge)) await run('ip', ['link', 'del', 'dev', bridge]);
}
