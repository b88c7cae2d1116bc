/**
 * Swift object storage (book ch. 5, current Swift install guide): swift.conf with the per-project hash
 * path prefix/suffix, the account/container/object servers on the storage nodes, rsyncd for replication,
 * the proxy with Keystone auth and memcache, and the ring commands. Rings are built on the first proxy
 * and published read-only through an rsync module that the other Swift nodes pull from, so no SSH trust
 * between nodes is needed.
 */
import type { DesignNode } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';
import { type IniDocument, renderIni } from './ini';
import { memcachedServers } from '../services/memcached/render';
import { authSection } from './openstack';

/** Ports of the storage servers (the current defaults; 6000–6002 before Newton). */
export const SWIFT_PORTS = { account: 6202, container: 6201, object: 6200 } as const;
/** The proxy's port (behind HAProxy on the VIP). */
export const SWIFT_PROXY_PORT = 8080;
/** The three rings and the server each one places. */
export const SWIFT_RINGS = ['account', 'container', 'object'] as const;
export type SwiftRing = (typeof SWIFT_RINGS)[number];
/** Where the first proxy publishes the built rings (the rsync module `swift_rings`). */
export const SWIFT_RING_EXPORT = '/srv/swift-rings';

/** Whether the design has Swift (any node with the swift-storage role). */
export function usesSwift(ctx: Topology): boolean {
  return ctx.swiftStorage.nodes.length > 0;
}

/** The data disks of every storage node (device names under /dev). */
export function swiftDevices(ctx: Topology): string[] {
  return ctx.design.options.swift?.devices ?? ['sdb'];
}

/** Replicas per object: the option, else one per storage node up to 3. */
export function swiftReplicas(ctx: Topology): number {
  return ctx.design.options.swift?.replicas ?? Math.min(3, Math.max(1, ctx.swiftStorage.nodes.length));
}

/** Every Swift node (proxies and storage), each once, in design order. */
export function swiftNodes(ctx: Topology): DesignNode[] {
  const ids = new Set([...ctx.swiftProxy.nodes, ...ctx.swiftStorage.nodes].map((n) => n.id));
  return ctx.design.nodes.filter((n) => ids.has(n.id));
}

/** /etc/swift/swift.conf: the same on every Swift node; the hash values must never change. */
export function renderSwiftConfig(): string {
  return renderIni({
    'swift-hash': {
      swift_hash_path_suffix: ref(SECRET.swiftHashSuffix),
      swift_hash_path_prefix: ref(SECRET.swiftHashPrefix),
    },
    'storage-policy:0': { name: 'Policy-0', default: 'yes' },
  });
}

const egg = (name: string) => ({ use: `egg:swift#${name}` });

/** account-server.conf, container-server.conf or object-server.conf of a storage node. */
export function renderSwiftServerConfig(ctx: Topology, node: DesignNode, server: SwiftRing): string {
  const doc: IniDocument = {
    DEFAULT: {
      bind_ip: ctx.address(node),
      bind_port: String(SWIFT_PORTS[server]),
      user: 'swift',
      swift_dir: '/etc/swift',
      devices: '/srv/node',
      // Refuse to write into /srv/node/DEV when the disk is not mounted (it would fill the root disk).
      mount_check: 'true',
    },
    'pipeline:main': { pipeline: `healthcheck recon ${server}-server` },
    [`app:${server}-server`]: egg(server),
    'filter:healthcheck': egg('healthcheck'),
    'filter:recon': {
      ...egg('recon'),
      recon_cache_path: '/var/cache/swift',
      ...(server === 'object' ? { recon_lock_path: '/var/lock' } : {}),
    },
    [`${server}-replicator`]: { concurrency: '2' },
    [`${server}-auditor`]: { log_name: `${server}-auditor` },
  };
  if (server === 'account') doc['account-reaper'] = { delay_reaping: '0' };
  if (server !== 'account') doc[`${server}-updater`] = { concurrency: '2' };
  return renderIni(doc);
}

/** The proxy's memcache servers: the controllers' memcached, or the proxies' own when they are separate. */
export function swiftMemcacheServers(ctx: Topology): string {
  const dedicated = ctx.swiftProxy.role === 'swift-proxy';
  if (!dedicated) return memcachedServers(ctx);
  return ctx.swiftProxy.nodes.map((n) => `${ctx.address(n)}:11211`).join(',');
}

/** /etc/swift/proxy-server.conf: Keystone auth (authtoken + keystoneauth) and a shared memcache. */
export function renderSwiftProxyConfig(ctx: Topology, node: DesignNode): string {
  const memcache = swiftMemcacheServers(ctx);
  const auth = authSection(ctx, 'swift');
  return renderIni({
    DEFAULT: {
      bind_ip: ctx.address(node),
      bind_port: String(SWIFT_PROXY_PORT),
      user: 'swift',
      swift_dir: '/etc/swift',
    },
    'pipeline:main': {
      pipeline:
        'catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk ratelimit authtoken keystoneauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server',
    },
    'app:proxy-server': { ...egg('proxy'), account_autocreate: 'true' },
    'filter:keystoneauth': { ...egg('keystoneauth'), operator_roles: 'admin,member' },
    'filter:authtoken': {
      'paste.filter_factory': 'keystonemiddleware.auth_token:filter_factory',
      ...auth,
      memcached_servers: memcache,
      // Let keystoneauth decide (public containers, tempurl) instead of rejecting early.
      delay_auth_decision: 'true',
    },
    'filter:cache': { ...egg('memcache'), memcache_servers: memcache },
    'filter:catch_errors': egg('catch_errors'),
    'filter:gatekeeper': egg('gatekeeper'),
    'filter:healthcheck': egg('healthcheck'),
    'filter:proxy-logging': egg('proxy_logging'),
    'filter:listing_formats': egg('listing_formats'),
    'filter:bulk': egg('bulk'),
    'filter:ratelimit': egg('ratelimit'),
    'filter:copy': egg('copy'),
    'filter:container-quotas': egg('container_quotas'),
    'filter:account-quotas': egg('account_quotas'),
    'filter:slo': egg('slo'),
    'filter:dlo': egg('dlo'),
    'filter:versioned_writes': egg('versioned_writes'),
    'filter:symlink': egg('symlink'),
  });
}

/**
 * /etc/rsyncd.conf of a Swift node: the account/container/object modules on storage nodes (replication),
 * and on the first proxy the read-only `swift_rings` module the other nodes pull the rings from.
 */
export function renderRsyncdConfig(ctx: Topology, node: DesignNode): string {
  const storage = ctx.swiftStorage.nodes.some((n) => n.id === node.id);
  const ringSource = ctx.swiftProxy.nodes[0]?.id === node.id;
  const doc: IniDocument = {};
  const lines = [
    '# Written by Quorum: Swift replication and ring distribution.',
    'uid = swift',
    'gid = swift',
    'log file = /var/log/rsyncd.log',
    'pid file = /var/run/rsyncd.pid',
    `address = ${ctx.address(node)}`,
  ];
  if (storage) {
    for (const module of SWIFT_RINGS) {
      doc[module] = {
        'max connections': '2',
        path: '/srv/node/',
        'read only': 'false',
        'lock file': `/var/lock/${module}.lock`,
      };
    }
  }
  if (ringSource) {
    doc.swift_rings = {
      path: `${SWIFT_RING_EXPORT}/`,
      'read only': 'true',
      'hosts allow': swiftNodes(ctx)
        .map((n) => ctx.address(n))
        .join(' '),
      'hosts deny': '*',
    };
  }
  return `${lines.join('\n')}\n${renderIni(doc, '').replace(/^\n+/, '\n')}`;
}

/** The zone of each storage node: its design zone (numbered in order of appearance), else one per node. */
export function swiftZones(ctx: Topology): Map<string, number> {
  const nodes = ctx.swiftStorage.nodes;
  const named = [...new Set(nodes.map((n) => n.zone).filter((z): z is string => Boolean(z)))];
  const out = new Map<string, number>();
  nodes.forEach((n, i) => out.set(n.id, n.zone ? named.indexOf(n.zone) + 1 : named.length + i + 1));
  return out;
}

/**
 * Commands (in /etc/swift on the first proxy) that create the three rings, add every disk of every
 * storage node, rebalance with a fixed seed and publish the .ring.gz files. Re-running adds nothing twice.
 */
export function swiftRingCommands(ctx: Topology): string[] {
  const partPower = ctx.design.options.swift?.partPower ?? 10;
  const replicas = swiftReplicas(ctx);
  const zones = swiftZones(ctx);
  const out: string[] = [];
  for (const ring of SWIFT_RINGS) {
    const builder = `/etc/swift/${ring}.builder`;
    // min_part_hours 1: a partition moves at most once an hour, so a replica stays readable during moves.
    out.push(`[ -e ${builder} ] || swift-ring-builder ${builder} create ${partPower} ${replicas} 1`);
    for (const node of ctx.swiftStorage.nodes) {
      for (const device of swiftDevices(ctx)) {
        const ip = ctx.address(node);
        out.push(
          `swift-ring-builder ${builder} search --ip ${ip} --port ${SWIFT_PORTS[ring]} --device ${device} >/dev/null 2>&1 || swift-ring-builder ${builder} add --region 1 --zone ${zones.get(node.id)} --ip ${ip} --port ${SWIFT_PORTS[ring]} --device ${device} --weight 100`,
        );
      }
    }
  }
  return out;
}
