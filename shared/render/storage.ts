/**
 * Shared storage: Ceph (manual deployment with keys generated per project, so every node's keyring is
 * known at compile time and no key has to travel between nodes), GlusterFS (peers, replica volumes,
 * quorum options) and the legacy DRBD resource.
 */
import type { DesignNode } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';

/** RBD pools and the clients that use them. */
export const CEPH_POOLS = ['images', 'volumes', 'vms', 'backups'] as const;

/** /etc/ceph/ceph.conf, the same on Ceph nodes and clients. */
export function renderCephConfig(ctx: Topology): string {
  const ceph = ctx.facts.ceph;
  const mons = ceph.mons;
  const replication = ceph.clusterNetwork;
  return [
    '# Written by Quorum.',
    '[global]',
    `fsid = ${ref(SECRET.cephFsid)}`,
    `mon_initial_members = ${mons.map((n) => n.hostname).join(', ')}`,
    // Monitors listen on the public network, where clients reach them.
    `mon_host = ${mons.map((n) => ceph.monAddress(n)).join(', ')}`,
    `public_network = ${ceph.publicNetwork?.cidr ?? '0.0.0.0/0'}`,
    ...(replication ? [`cluster_network = ${replication.cidr}`] : []),
    'auth_cluster_required = cephx',
    'auth_service_required = cephx',
    'auth_client_required = cephx',
    `osd_pool_default_size = ${ceph.size}`,
    `osd_pool_default_min_size = ${ceph.minSize}`,
    '',
  ].join('\n');
}

type CephEntity = 'mon' | 'admin' | 'bootstrap_osd' | 'glance' | 'cinder';
const CAPS: Record<CephEntity, { name: string; caps: Record<string, string> }> = {
  mon: { name: 'mon.', caps: { mon: 'allow *' } },
  admin: { name: 'client.admin', caps: { mon: 'allow *', osd: 'allow *', mds: 'allow *', mgr: 'allow *' } },
  bootstrap_osd: { name: 'client.bootstrap-osd', caps: { mon: 'profile bootstrap-osd', mgr: 'allow r' } },
  glance: {
    name: 'client.glance',
    caps: { mon: 'profile rbd', osd: 'profile rbd pool=images', mgr: 'profile rbd pool=images' },
  },
  cinder: {
    name: 'client.cinder',
    caps: {
      mon: 'profile rbd',
      osd: 'profile rbd pool=volumes, profile rbd pool=vms, profile rbd-read-only pool=images',
      mgr: 'profile rbd pool=volumes, profile rbd pool=vms',
    },
  },
};

/** A keyring file for a Ceph entity, with its pre-generated key. */
export function renderCephKeyring(entity: CephEntity): string {
  const { name, caps } = CAPS[entity];
  return [
    `[${name}]`,
    `    key = ${ref(SECRET.cephKey(entity))}`,
    ...Object.entries(caps).map(([k, v]) => `    caps ${k} = "${v}"`),
    '',
  ].join('\n');
}

/** Where the keyring of an entity lives on a node. */
export function cephKeyringPath(entity: CephEntity): string {
  if (entity === 'mon') return '/etc/ceph/ceph.mon.keyring';
  if (entity === 'bootstrap_osd') return '/var/lib/ceph/bootstrap-osd/ceph.keyring';
  return `/etc/ceph/ceph.${CAPS[entity].name}.keyring`;
}

/** Commands that create one monitor (and its manager) on `node`, from the shared monmap inputs. */
export function cephMonitorCommands(ctx: Topology, node: DesignNode): string[] {
  const adds = ctx.facts.ceph.mons
    .map((n) => `--add ${n.hostname} ${ctx.facts.ceph.monAddress(n)}`)
    .join(' ');
  const h = node.hostname;
  return [
    'cat /etc/ceph/ceph.mon.keyring /etc/ceph/ceph.client.admin.keyring /var/lib/ceph/bootstrap-osd/ceph.keyring > /etc/ceph/ceph.mon.keyring.tmp',
    `monmaptool --create ${adds} --fsid ${ref(SECRET.cephFsid)} --clobber /tmp/monmap`,
    `install -d -o ceph -g ceph /var/lib/ceph/mon/ceph-${h}`,
    `sudo -u ceph ceph-mon --mkfs -i ${h} --monmap /tmp/monmap --keyring /etc/ceph/ceph.mon.keyring.tmp`,
    'rm -f /etc/ceph/ceph.mon.keyring.tmp /tmp/monmap',
    `systemctl enable --now ceph-mon@${h}`,
    `install -d -o ceph -g ceph /var/lib/ceph/mgr/ceph-${h}`,
    `ceph auth get-or-create mgr.${h} mon 'allow profile mgr' osd 'allow *' mds 'allow *' -o /var/lib/ceph/mgr/ceph-${h}/keyring`,
    `chown ceph:ceph /var/lib/ceph/mgr/ceph-${h}/keyring`,
    `systemctl enable --now ceph-mgr@${h}`,
  ];
}

/** Creates OSDs on every empty disk ceph-volume reports as available (never touches used disks). */
export function cephOsdCommand(): string {
  return 'DEVICES=$(ceph-volume inventory --format json | python3 -c \'import json,sys; print(" ".join(d["path"] for d in json.load(sys.stdin) if d["available"]))\'); [ -n "$DEVICES" ] && ceph-volume lvm batch --yes $DEVICES';
}

/**
 * Pools for the OpenStack services with the design's replica count (size and min_size set on every run,
 * so a changed design reaches existing pools), and the import of the client keys.
 */
export function cephPoolCommands(ctx: Topology): string[] {
  const { size, minSize } = ctx.facts.ceph;
  return [
    ...CEPH_POOLS.flatMap((pool) => [
      `ceph osd pool ls | grep -qx ${pool} || ceph osd pool create ${pool} 32`,
      `ceph osd pool set ${pool} size ${size}`,
      `ceph osd pool set ${pool} min_size ${minSize}`,
      `rbd pool init ${pool}`,
    ]),
    `ceph auth import -i ${cephKeyringPath('glance')}`,
    `ceph auth import -i ${cephKeyringPath('cinder')}`,
  ];
}

/** GlusterFS volumes the design needs: name, brick folder and where clients mount it. */
export function glusterVolumes(
  ctx: Topology,
): { name: string; brick: string; mount: string; clients: 'controller' | 'compute' }[] {
  const s = ctx.design.options.storage;
  const out: { name: string; brick: string; mount: string; clients: 'controller' | 'compute' }[] = [];
  if (s.images === 'gluster')
    out.push({
      name: 'glance',
      brick: '/data/glusterfs/glance/brick',
      mount: '/var/lib/glance/images',
      clients: 'controller',
    });
  if (s.instances === 'gluster')
    out.push({
      name: 'nova',
      brick: '/data/glusterfs/nova/brick',
      mount: '/var/lib/nova/instances',
      clients: 'compute',
    });
  // The legacy Cinder GlusterFS driver (before Ocata) mounts the share itself; the controllers mount it too
  // so an operator sees the volume files.
  if (s.volumes === 'gluster')
    out.push({
      name: 'cinder',
      brick: '/data/glusterfs/cinder/brick',
      mount: '/var/lib/cinder/glusterfs',
      clients: 'controller',
    });
  return out;
}

/** Commands (on the first gluster node) that create, tune and start one replicated volume. */
export function glusterVolumeCommands(ctx: Topology, volume: string, brick: string): string[] {
  const nodes = ctx.gluster.nodes;
  const bricks = nodes.map((n) => `${n.hostname}:${brick}`).join(' ');
  const g = ctx.design.options.gluster;
  // The topology's replica count; more bricks than replicas make a distributed-replicated volume.
  const replica = ctx.facts.gluster.replica;
  return [
    `gluster volume info ${volume} >/dev/null 2>&1 || gluster volume create ${volume}${replica > 1 ? ` replica ${replica}` : ''} ${bricks} force`,
    // Server and client quorum as chosen: the book's split-brain prevention (chapter 8).
    ...(g?.serverQuorum
      ? [
          `gluster volume set ${volume} cluster.server-quorum-type server`,
          `gluster volume set all cluster.server-quorum-ratio ${g.serverQuorumRatio ?? 51}%`,
        ]
      : []),
    ...(g?.clientQuorum ? [`gluster volume set ${volume} cluster.quorum-type auto`] : []),
    `gluster volume info ${volume} | grep -q 'Status: Started' || gluster volume start ${volume}`,
  ];
}

/** /etc/drbd.d/NAME.res for the legacy active/passive stacks (two nodes, protocol C). */
export function renderDrbdResource(ctx: Topology, name: string, minor: number): string {
  // The two hosts of the service on DRBD (database or messaging nodes), not every Pacemaker member.
  const [a, b] = (name === 'mysql' ? ctx.database : ctx.messaging).nodes;
  const on = (node: DesignNode | undefined) =>
    node
      ? [
          `    on ${node.hostname} {`,
          `        device /dev/drbd${minor};`,
          `        disk /dev/quorum/drbd-${name};`,
          `        address ${ctx.address(node)}:${7788 + minor};`,
          '        meta-disk internal;',
          '    }',
        ]
      : [];
  return [
    `resource ${name} {`,
    '    net {',
    '        protocol C;',
    // Automatic split-brain recovery only where it cannot lose data; otherwise a human decides.
    '        after-sb-0pri discard-zero-changes;',
    '        after-sb-1pri discard-secondary;',
    '        after-sb-2pri disconnect;',
    '    }',
    ...on(a),
    ...on(b),
    '}',
    '',
  ].join('\n');
}
