/**
 * memcached: its settings per distro (listening on localhost and the node's address), and the server list
 * every OpenStack service puts in its config, from the topology's memcached facts.
 */
import type { DesignNode } from '../../design/schema';
import type { Topology } from '../../topology';

/** `host:11211,…` for services: every controller ("all") or the local one only ("local", field report). */
export function memcachedServers(ctx: Topology): string {
  if (ctx.facts.memcached.mode === 'local') return 'localhost:11211';
  return ctx.facts.memcached.nodes.map((n) => `${ctx.address(n)}:11211`).join(',');
}

/** memcached settings in the distro's format, listening on localhost and the node's address. */
export function renderMemcachedConfig(ctx: Topology, node: DesignNode): string {
  const listen = `127.0.0.1,${ctx.address(node)}`;
  switch (ctx.distro.family) {
    case 'debian':
      return [
        '# Written by Quorum.',
        '-d',
        '-m 512',
        '-p 11211',
        '-U 0',
        '-u memcache',
        `-l ${listen}`,
        '-c 4096',
        '-P /var/run/memcached/memcached.pid',
        '',
      ].join('\n');
    case 'rhel':
      return [
        '# Written by Quorum.',
        'PORT="11211"',
        'USER="memcached"',
        'MAXCONN="4096"',
        'CACHESIZE="512"',
        `OPTIONS="-l ${listen} -U 0"`,
        '',
      ].join('\n');
    case 'suse':
      return [
        '# Written by Quorum.',
        `MEMCACHED_PARAMS="-U 0 -m 512 -l ${listen} -p 11211 -c 4096"`,
        'MEMCACHED_USER="memcached"',
        'MEMCACHED_GROUP="memcached"',
        '',
      ].join('\n');
  }
}
