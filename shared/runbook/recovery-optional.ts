/**
 * Recovery procedures of the optional systems: GlusterFS geo-replication (a faulty session, failover to
 * the secondary site and failback), Swift (a failed disk or node) and Octavia (a load balancer in ERROR).
 */
import type { Topology } from '../topology';
import { optionalProfile } from '../render/distro-optional';
import { geoReplicationSessions } from '../render/gluster-georep';
import { SWIFT_RINGS, usesSwift } from '../render/swift';
import type { RecoveryProcedure } from './procedure';

/** The optional systems' procedures that apply to a design. */
export function optionalRecoveryProcedures(ctx: Topology): RecoveryProcedure[] {
  const out: RecoveryProcedure[] = [];
  for (const s of geoReplicationSessions(ctx)) {
    const reverse = `gluster volume geo-replication ${s.secondaryVolume} PRIMARY_HOST::${s.volume}`;
    out.push(
      {
        id: `gluster-georep-faulty-${s.volume}`,
        title: `GlusterFS geo-replication: a Faulty session (${s.volume})`,
        when: 'status shows Faulty for a worker, or LAST_SYNCED stops moving.',
        steps: [
          {
            text: 'See which worker is Faulty and read its log (the file name is in the config).',
            commands: [`${s.prefix} status detail`, `${s.prefix} config log-file`],
          },
          {
            text: 'Usual causes: root SSH to the secondary refused (keys), rsync missing on one side, the secondary volume stopped, clocks apart. Fix the cause, then restart the session.',
            commands: [
              `ssh root@${s.secondaryHost} gluster volume info ${s.secondaryVolume}`,
              `${s.prefix} stop`,
              `${s.prefix} start force`,
            ],
          },
        ],
      },
      {
        id: `gluster-georep-failover-${s.volume}`,
        title: `GlusterFS geo-replication: fail over to ${s.secondaryHost} and back (${s.volume})`,
        when: 'The primary site is lost and the secondary copy must serve clients; later, the primary returns.',
        steps: [
          {
            text: `On ${s.secondaryHost}: let the secondary volume record changes, then mount it on the clients instead of the primary.`,
            commands: [
              `gluster volume set ${s.secondaryVolume} geo-replication.indexing on`,
              `gluster volume set ${s.secondaryVolume} changelog on`,
            ],
          },
          {
            text: 'When the primary is back: on the secondary, create a session towards it in recovery mode and start it (PRIMARY_HOST is a primary node).',
            commands: [
              `${reverse} create push-pem force`,
              `${reverse} config special-sync-mode recover`,
              `${reverse} config gfid-conflict-resolution false`,
              `${reverse} start`,
            ],
          },
          {
            text: 'Set a checkpoint and wait until status detail shows it completed; then stop the writers on the secondary.',
            commands: [`${reverse} config checkpoint now`, `${reverse} status detail`],
          },
          {
            text: 'Stop the reverse session and resume the original one; clients mount the primary again.',
            commands: [`${reverse} stop`, `${s.prefix} start force`],
          },
        ],
      },
    );
  }
  if (usesSwift(ctx)) {
    const prefix = optionalProfile(ctx.distro.family).swift.unitPrefix;
    const builder = (r: string) => `swift-ring-builder /etc/swift/${r}.builder`;
    const source = ctx.swiftProxy.nodes[0]?.hostname ?? 'the first proxy';
    out.push({
      id: 'swift-failed-disk',
      title: 'Swift: replace a failed disk or remove a node',
      when: 'swift-recon reports unmounted or failed drives, or a storage node is gone for good.',
      steps: [
        {
          text: 'Find unmounted drives and replication problems from any proxy.',
          commands: ['swift-recon --unmounted --diskusage', 'swift-recon --replication'],
        },
        {
          text: 'A disk that comes back (replaced, same name): format it, mount it under /srv/node, own it by swift. Replication refills it; the rings stay as they are.',
          commands: [
            'mkfs.xfs -f -L swift-DEV /dev/DEV',
            'mount /srv/node/DEV',
            'chown swift:swift /srv/node/DEV',
          ],
        },
        {
          text: `A node or disk gone for good: on ${source}, set its weight to 0, rebalance, publish the rings (every node pulls them again), and remove it once its partitions moved.`,
          commands: [
            ...SWIFT_RINGS.map((r) => `${builder(r)} set_weight --ip IP --device DEV 0`),
            ...SWIFT_RINGS.map((r) => `${builder(r)} rebalance`),
            'cp /etc/swift/*.ring.gz /srv/swift-rings/',
          ],
        },
        {
          text: 'Restart the storage services on a node whose disk came back.',
          commands: [`systemctl restart ${prefix}object ${prefix}object-replicator`],
        },
      ],
    });
  }
  if (ctx.design.options.lbaas === 'octavia' && ctx.controllers.nodes.length > 0) {
    out.push({
      id: 'octavia-failover',
      title: 'Octavia: a load balancer in ERROR or an amphora lost',
      when: 'provisioning_status ERROR, or the health manager did not replace an amphora whose compute node failed.',
      steps: [
        {
          text: 'Find the load balancer and its amphorae.',
          commands: [
            'openstack loadbalancer list --provisioning-status ERROR',
            'openstack loadbalancer amphora list --loadbalancer LB_ID',
          ],
        },
        {
          text: 'Fail it over: Octavia builds new amphorae and moves the VIP (ACTIVE_STANDBY keeps serving meanwhile).',
          commands: ['openstack loadbalancer failover LB_ID'],
        },
      ],
    });
  }
  return out;
}
