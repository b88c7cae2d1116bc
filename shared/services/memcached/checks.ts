/** memcached's verify checks: running, and listening on the node's address. */
import type { Topology } from '../../topology';
import { check } from '../../verify/make-check';
import type { VerifyCheck } from '../../verify/types';

export function memcachedChecks(ctx: Topology): VerifyCheck[] {
  const nodes = ctx.facts.memcached.nodes;
  if (nodes.length === 0) return [];
  const active = check(
    'memcached.active',
    'memcached',
    'memcached running',
    nodes,
    `systemctl is-active ${ctx.distro.memcached.service}`,
    { kind: 'equals', expected: 'active' },
    'Keystone tokens and Horizon sessions are cached here: systemctl restart memcached.',
  );
  const listening = {
    ...check(
      'memcached.listening',
      'memcached',
      'memcached listens on the node address',
      nodes,
      "ss -Hltn 'sport = :11211'",
      { kind: 'listening', address: ctx.address(nodes[0]!), port: 11211 },
      `Services reach memcached on the node's address, port 11211; only 127.0.0.1 means the configuration was not applied (-l in ${ctx.distro.memcached.configPath}).`,
    ),
    perNode: Object.fromEntries(
      nodes.map((n) => [
        n.id,
        { judge: { kind: 'listening' as const, address: ctx.address(n), port: 11211 } },
      ]),
    ),
  };
  return [active, listening];
}
