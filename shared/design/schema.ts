import { z } from 'zod';
import { cidrProblem, isIPv4 } from './ipv4';
import {
  DesignName,
  DiskName,
  GlusterVolumeName,
  HostOrAddress,
  InterfaceName,
  LocalPath,
  NetworkName,
  ProxyJump,
  UserName,
  VipName,
  ZoneName,
} from './text-fields';

/** The schema version this build writes. Files with a higher version are refused, lower ones migrated. */
export const CURRENT_SCHEMA_VERSION = 1;

/** Identifiers of nodes, networks and VIPs: stable across renames, referenced by NICs and VIPs. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'not an id (lowercase letters, digits, "-" and "_", at most 63)');

const IPv4Address = z.string().refine(isIPv4, 'not an IPv4 address');

const Cidr = z.string().superRefine((text, ctx) => {
  const problem = cidrProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An RFC 1123 host name label, as used for node host names. */
export const Hostname = z
  .string()
  .regex(
    /^(?=.{1,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i,
    'not a host name (letters, digits and "-", at most 63, not starting or ending with "-")',
  );

/** OpenStack releases Quorum can plan for. Series names before 2023, dated names after. */
export const RELEASES = [
  'icehouse',
  'juno',
  'kilo',
  'liberty',
  'mitaka',
  'newton',
  'ocata',
  'pike',
  'queens',
  'rocky',
  'stein',
  'train',
  'ussuri',
  'victoria',
  'wallaby',
  'xena',
  'yoga',
  'zed',
  '2023.1',
  '2023.2',
  '2024.1',
  '2024.2',
  '2025.1',
  '2025.2',
  '2026.1',
] as const;
export const Release = z.enum(RELEASES);

/** Linux distribution families; package managers, paths and service names are resolved per family. */
export const DistroFamily = z.enum(['debian', 'rhel', 'suse']);

/**
 * What a node does. A node may carry several roles (a controller that is also a network node and a Ceph
 * monitor is common). `database` and `messaging` name dedicated hosts; when no node has them, the
 * controllers run Galera and RabbitMQ, as in the HA guide.
 */
export const Role = z.enum([
  'controller',
  'compute',
  'network',
  'database',
  'messaging',
  'load-balancer',
  'arbitrator',
  'ceph-mon',
  'ceph-osd',
  'gluster',
  'monitoring',
  'swift-proxy',
  'swift-storage',
]);

/** What traffic a network carries (the HA guide's and Fuel's network roles). */
export const NetworkPurpose = z.enum([
  'management',
  'api',
  'tenant',
  'provider',
  'storage',
  'storage-replication',
  'oob',
]);

/** How Quorum reaches a node over SSH. Never holds a password or key material, only the key's path. */
export const SshEndpoint = z.strictObject({
  host: HostOrAddress,
  port: z.number().int().min(1).max(65535).default(22),
  user: UserName.default('root'),
  identityFile: LocalPath.optional(),
  proxyJump: ProxyJump.optional(),
});

export const Bond = z.strictObject({
  mode: z.enum(['active-backup', '802.3ad', 'balance-alb', 'balance-tlb']),
  members: z.array(InterfaceName).min(2, 'a bond needs at least 2 member interfaces'),
});

export const Nic = z.strictObject({
  name: InterfaceName,
  network: Id,
  address: IPv4Address.optional(),
  bond: Bond.optional(),
});

export const Node = z.strictObject({
  id: Id,
  hostname: Hostname,
  roles: z.array(Role),
  ssh: SshEndpoint.optional(),
  nics: z.array(Nic).default([]),
  /** Failure domain (rack, zone, room); used by the failure-domain rules. */
  zone: ZoneName.optional(),
});

export const AllocationRange = z.strictObject({ start: IPv4Address, end: IPv4Address });

export const Network = z.strictObject({
  id: Id,
  name: NetworkName,
  purpose: NetworkPurpose,
  cidr: Cidr,
  vlan: z.number().int().min(1).max(4094).optional(),
  mtu: z.number().int().min(576).max(9216).default(1500),
  gateway: IPv4Address.optional(),
  allocation: AllocationRange.optional(),
});

/** Services a VIP can front. */
export const VipService = z.enum([
  'database',
  'messaging',
  'keystone',
  'glance',
  'nova',
  'placement',
  'neutron',
  'cinder',
  'horizon',
  'heat',
  'swift',
  'octavia',
  'gnocchi',
]);

export const Vip = z.strictObject({
  id: Id,
  name: VipName,
  network: Id,
  address: IPv4Address,
  services: z.array(VipService).default([]),
  /** keepalived's virtual_router_id (VRRP); must be unique per VIP on one segment. Chosen by Quorum when absent. */
  vrrpRouterId: z.number().int().min(1).max(255).optional(),
});

/**
 * The HA choices. Defaults are what the current HA guide recommends; legacy choices stay selectable
 * and are flagged by the rules.
 */
export const Options = z.strictObject({
  database: z.enum(['galera-haproxy', 'galera-pacemaker', 'drbd-mysql']).default('galera-haproxy'),
  arbitrator: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('none') }),
      z.strictObject({ mode: z.literal('node'), node: Id }),
    ])
    .default({ mode: 'none' }),
  messaging: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('quorum-queues') }),
      z.strictObject({
        mode: z.literal('mirrored'),
        haMode: z.enum(['all', 'exactly']).default('all'),
        count: z.number().int().min(2).optional(),
      }),
      z.strictObject({ mode: z.literal('pacemaker') }),
      z.strictObject({ mode: z.literal('drbd') }),
    ])
    .default({ mode: 'quorum-queues' }),
  loadBalancer: z.enum(['haproxy-keepalived', 'pacemaker-haproxy']).default('haproxy-keepalived'),
  neutron: z.enum(['ovs-l3ha', 'ovs-dvr', 'ovs-legacy', 'ovn']).default('ovs-l3ha'),
  storage: z
    .strictObject({
      images: z.enum(['ceph', 'gluster', 'nfs', 'local']).default('ceph'),
      /** `gluster` is only valid before Ocata (the Cinder GlusterFS driver was removed); the rules flag it. */
      volumes: z.enum(['ceph', 'lvm', 'nfs', 'gluster', 'none']).default('ceph'),
      instances: z.enum(['ceph', 'gluster', 'nfs', 'local']).default('local'),
    })
    .default({ images: 'ceph', volumes: 'ceph', instances: 'local' }),
  memcached: z.enum(['local', 'all']).default('all'),
  fencing: z.enum(['none', 'ipmi', 'sbd']).default('none'),
  /** Neutron `max_l3_agents_per_router` (L3 HA); absent means Quorum uses every L3 agent host, at most 3. */
  maxL3AgentsPerRouter: z.number().int().min(1).optional(),
  /** Neutron `dhcp_agents_per_network`; absent means 2 when there are 2 DHCP agent hosts. */
  dhcpAgentsPerNetwork: z.number().int().min(1).optional(),
  /** Tenant network encapsulation; absent means VXLAN (Geneve with OVN). */
  tenantNetworkType: z.enum(['vxlan', 'gre', 'geneve', 'vlan']).optional(),
  /** ML2 L2 population; absent means on (Quorum enables it with overlays). */
  l2Population: z.boolean().optional(),
  /** Tenants run their own VRRP (e.g. keepalived or a load balancer pair inside tenant networks). */
  tenantVrrp: z.boolean().optional(),
  /** Ceph pool replica count (`osd_pool_default_size`); absent means 3. */
  cephPoolSize: z.number().int().min(1).max(10).optional(),
  /** GlusterFS volume settings; absent replica means one replica per gluster node up to 3. */
  gluster: z
    .strictObject({
      replica: z.number().int().min(1).optional(),
      serverQuorum: z.boolean().default(false),
      clientQuorum: z.boolean().default(false),
      /** `cluster.server-quorum-ratio` of the trusted pool in percent; absent means 51 (the book's value). */
      serverQuorumRatio: z.number().int().min(1).max(100).optional(),
      /**
       * Geo-replication of every volume to a secondary site (book ch. 8): a remote GlusterFS host given by
       * name that already serves a volume of the same name (or `volume`), reachable over SSH as root.
       */
      geoReplication: z
        .strictObject({ secondaryHost: HostOrAddress, secondaryVolume: GlusterVolumeName.optional() })
        .optional(),
    })
    .optional(),
  /** Swift object storage (book ch. 5); used when nodes have the swift-storage role. */
  swift: z
    .strictObject({
      /** Ring partition power (2^n partitions); absent means 10. */
      partPower: z.number().int().min(6).max(22).optional(),
      /** Replicas per object; absent means one per storage node up to 3. */
      replicas: z.number().int().min(1).max(6).optional(),
      /** Data disks on every storage node, XFS-formatted and mounted under /srv/node; absent means sdb. */
      devices: z.array(DiskName).min(1).optional(),
    })
    .optional(),
  /** Load balancing as a service: Octavia (neutron-lbaas was retired upstream in Train and is not offered). */
  lbaas: z.enum(['none', 'octavia']).default('none'),
  /** Telemetry: Ceilometer agents on controllers and computes publishing to Gnocchi. */
  telemetry: z.enum(['none', 'gnocchi']).default('none'),
  /** Metrics graphs on the monitoring nodes: Graphite/Carbon fed by collectd on every node (book ch. 10). */
  metrics: z.enum(['none', 'graphite']).default('none'),
  /** Central log collection on the monitoring nodes: rsyslog forwarding with a disk queue. */
  logging: z.enum(['none', 'rsyslog']).default('none'),
  /** Pacemaker cluster properties; absent means Pacemaker's defaults (quorum required, no two_node). */
  cluster: z
    .strictObject({
      /** corosync `two_node: 1` (implies `wait_for_all`): a two-node cluster keeps quorum with one node. */
      twoNode: z.boolean().default(false),
      /** Pacemaker's `no-quorum-policy`. */
      noQuorumPolicy: z.enum(['stop', 'freeze', 'ignore']).default('stop'),
    })
    .optional(),
});

const Point = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

/** Where things are drawn on the canvas; purely visual, never used by rules or plans. */
export const CanvasLayout = z
  .strictObject({
    nodes: z.record(Id, Point).default({}),
    networks: z
      .record(Id, z.strictObject({ x: z.number(), y: z.number(), width: z.number().positive() }))
      .default({}),
  })
  .default({ nodes: {}, networks: {} });

const DesignObject = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  name: DesignName,
  release: Release,
  distro: DistroFamily,
  nodes: z.array(Node).default([]),
  networks: z.array(Network).default([]),
  vips: z.array(Vip).default([]),
  options: Options.default(Options.parse({})),
  layout: CanvasLayout,
});

/**
 * A Quorum project file (schema v1): the whole design, never any secret.
 * Besides field formats it checks that ids are unique and that every reference (a NIC's network, a VIP's
 * network, the arbitrator's node) points at something that exists.
 */
export const Design = DesignObject.superRefine((design, ctx) => {
  const uniqueIds = (items: { id: string }[], key: 'nodes' | 'networks' | 'vips') => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(item.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key, index, 'id'],
          message: `duplicate id "${item.id}" (also ${key}[${first}])`,
        });
      } else seen.set(item.id, index);
    });
  };
  uniqueIds(design.nodes, 'nodes');
  uniqueIds(design.networks, 'networks');
  uniqueIds(design.vips, 'vips');

  const networkIds = new Set(design.networks.map((n) => n.id));
  design.nodes.forEach((node, n) =>
    node.nics.forEach((nic, i) => {
      if (!networkIds.has(nic.network)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', n, 'nics', i, 'network'],
          message: `unknown network "${nic.network}"`,
        });
      }
    }),
  );
  design.vips.forEach((vip, v) => {
    if (!networkIds.has(vip.network)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vips', v, 'network'],
        message: `unknown network "${vip.network}"`,
      });
    }
  });
  const arbitrator = design.options.arbitrator;
  if (arbitrator.mode === 'node' && !design.nodes.some((n) => n.id === arbitrator.node)) {
    ctx.addIssue({
      code: 'custom',
      path: ['options', 'arbitrator', 'node'],
      message: `unknown node "${arbitrator.node}"`,
    });
  }
});

export type Design = z.infer<typeof Design>;
/** A design as written in a file, before defaults are filled in. */
export type DesignInput = z.input<typeof Design>;
export type DesignNode = z.infer<typeof Node>;
export type DesignNetwork = z.infer<typeof Network>;
export type DesignVip = z.infer<typeof Vip>;
export type DesignOptions = z.infer<typeof Options>;
export type Role = z.infer<typeof Role>;
export type Release = z.infer<typeof Release>;
export type DistroFamily = z.infer<typeof DistroFamily>;

/** The release a new project starts on: the newest SLURP release Quorum knows. */
export const DEFAULT_RELEASE: Release = '2025.1';

/** An empty design, ready to draw on. */
export function createDesign(name = 'Untitled cloud'): Design {
  return Design.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name,
    release: DEFAULT_RELEASE,
    distro: 'debian',
  });
}
