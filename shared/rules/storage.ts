/** Storage rules: Ceph OSD hosts and network, GlusterFS replica and quorum, Cinder backend, shared storage. */
import { RELEASES } from '../design/schema';
import { REF } from './references';
import type { Rule, RuleHit } from './types';

const cephMonsPresent: Rule = {
  id: 'storage.ceph-mons-present',
  family: 'storage',
  severity: 'error',
  why: 'Ceph cannot start without monitors: they hold the cluster map every client and OSD asks first.',
  reference: REF.ceph,
  check: (ctx) =>
    ctx.topology.facts.ceph.used && ctx.design.nodes.length > 0 && ctx.byRole('ceph-mon').length === 0
      ? [{ message: 'The design stores data on Ceph but has no ceph-mon node.' }]
      : [],
};

const cephOsds: Rule = {
  id: 'storage.ceph-osd-hosts',
  family: 'storage',
  severity: 'error',
  why: 'Ceph places each replica of an object on a different host. With fewer OSD hosts than the pool size the placement groups can never be fully replicated and stay degraded; with one host a single failure loses the data.',
  reference: REF.ceph,
  check: (ctx) => {
    if (!ctx.topology.facts.ceph.used || ctx.design.nodes.length === 0) return [];
    const osds = ctx.byRole('ceph-osd');
    const size = ctx.topology.facts.ceph.size;
    if (osds.length >= size) return [];
    return [
      {
        nodes: osds.map((n) => n.id),
        message: `${osds.length} Ceph OSD host${osds.length === 1 ? '' : 's'} for pool size ${size}: Ceph needs at least ${size}.`,
      },
    ];
  },
};

const storageNetwork: Rule = {
  id: 'storage.network',
  family: 'storage',
  severity: 'warning',
  why: 'Replication and recovery traffic of Ceph or GlusterFS is heavy; on the management network it competes with clustering heartbeats and can make healthy nodes look dead. A dedicated storage network keeps them apart.',
  reference: REF.sharedStorage,
  check: (ctx) => {
    if (!ctx.topology.facts.ceph.used && !ctx.topology.facts.gluster.used) return [];
    if (ctx.design.nodes.length === 0) return [];
    if (ctx.design.networks.some((n) => n.purpose === 'storage' || n.purpose === 'storage-replication'))
      return [];
    return [
      { message: 'Ceph or GlusterFS without a storage network: replication shares the management network.' },
    ];
  },
};

const glusterReplicaRule: Rule = {
  id: 'storage.gluster-replica',
  family: 'storage',
  severity: 'error',
  why: 'A replicated GlusterFS volume groups its bricks in sets of `replica`: the number of bricks must be a multiple of the replica count, and a replica of 1 keeps one copy only.',
  reference: REF.sharedStorage,
  check: (ctx) => {
    if (!ctx.topology.facts.gluster.used) return [];
    const bricks = ctx.byRole('gluster');
    const replica = ctx.topology.facts.gluster.replica;
    const ids = bricks.map((b) => b.id);
    if (bricks.length === 0)
      return [{ message: 'The design stores data on GlusterFS but has no gluster node.' }];
    if (bricks.length % replica !== 0 || replica > bricks.length)
      return [
        {
          nodes: ids,
          message: `GlusterFS replica ${replica} with ${bricks.length} bricks: bricks must be a multiple of ${replica}.`,
        },
      ];
    if (replica < 2)
      return [{ severity: 'warning', nodes: ids, message: 'GlusterFS replica 1 keeps a single copy.' }];
    return [];
  },
};

const glusterQuorum: Rule = {
  id: 'storage.gluster-quorum',
  family: 'storage',
  severity: 'warning',
  why: 'Without quorum GlusterFS lets both halves of a partition write to their copies, and files end in split-brain that only a person can resolve. Server-side quorum (cluster.server-quorum-type server) stops bricks in a minority; client-side quorum (quorum-type auto) refuses writes without a majority of a replica set.',
  reference: REF.glusterQuorum,
  check: (ctx) => {
    if (!ctx.topology.facts.gluster.used) return [];
    const g = ctx.design.options.gluster;
    const missing = [
      ...(g?.serverQuorum ? [] : ['server-side (cluster.server-quorum-type server)']),
      ...(g?.clientQuorum ? [] : ['client-side (quorum-type auto)']),
    ];
    return missing.length
      ? [
          {
            nodes: ctx.byRole('gluster').map((n) => n.id),
            message: `GlusterFS quorum not set: ${missing.join(', ')}.`,
          },
        ]
      : [];
  },
};

const cinderGluster: Rule = {
  id: 'storage.gluster-cinder',
  family: 'storage',
  severity: 'error',
  why: 'The Cinder GlusterFS volume driver was deprecated and removed in Ocata. On Ocata and later, GlusterFS can still hold shared instance storage or images; use Ceph, LVM or NFS for volumes.',
  reference: REF.cinderGluster,
  check: (ctx) => {
    if (ctx.design.options.storage.volumes !== 'gluster') return [];
    const removed = RELEASES.indexOf(ctx.design.release) >= RELEASES.indexOf('ocata');
    return [
      removed
        ? {
            message: `GlusterFS as a Cinder backend is gone since Ocata (release ${ctx.design.release}); use it for instances or images instead.`,
          }
        : {
            severity: 'warning',
            message: `GlusterFS Cinder backend on ${ctx.design.release}: removed in Ocata, so upgrades will need a migration.`,
          },
    ];
  },
};

const sharedInstances: Rule = {
  id: 'storage.shared-instances',
  family: 'storage',
  severity: 'warning',
  why: 'Evacuating instances from a failed compute needs their disks on storage the other computes can reach; live migration without shared storage must copy whole disks (block migration). Local instance storage means a compute failure loses its instances until the host returns.',
  reference: REF.sharedStorage,
  check: (ctx): RuleHit[] =>
    ctx.design.options.storage.instances === 'local' && ctx.byRole('compute').length > 1
      ? [
          {
            message:
              'Instance disks are local: evacuation after a compute failure is not possible; use Ceph, GlusterFS or NFS.',
          },
        ]
      : [],
};

/** Storage family. */
export const storageRules: Rule[] = [
  cephMonsPresent,
  cephOsds,
  storageNetwork,
  glusterReplicaRule,
  glusterQuorum,
  cinderGluster,
  sharedInstances,
];
