/**
 * Recovery procedures for the chosen options, in the order an operator needs them. Commands are for the
 * design's distro (service names) and name the real nodes.
 */
import type { Topology } from '../topology';
import { glusterVolumes } from '../render/storage';
import { SERVICE_RECOVERY } from '../services/contributions';
import { optionalRecoveryProcedures } from './recovery-optional';
import type { RecoveryProcedure } from './procedure';

export type { RecoveryProcedure } from './procedure';

/** The procedures that apply to a design. */
export function recoveryProcedures(ctx: Topology): RecoveryProcedure[] {
  const out: RecoveryProcedure[] = [];
  const o = ctx.design.options;
  const db = ctx.database.nodes.map((n) => n.hostname);
  const svc = ctx.distro.mariadb.service;
  if (o.database === 'galera-haproxy' && db.length > 0) {
    out.push({
      id: 'galera-full-outage',
      title: 'Galera: restart after a full outage',
      when: 'Every database node stopped (power loss, all rebooted). Galera does not bootstrap itself: one node must start a new cluster, and it must be the one with the newest data.',
      steps: [
        {
          text: `Stop MariaDB on every database node (${db.join(', ')}): after a power loss systemd tries to start it at boot, and a node alone only waits for a primary component (and then ignores SIGTERM: kill it, it has not committed anything). (The choice below is the one \`quorum drill full-outage\` makes in the lab: shared/runbook/galera-recovery.ts.)`,
          commands: [`timeout 20 systemctl stop ${svc} || systemctl kill --signal=KILL ${svc}`],
        },
        {
          text: `On every database node, read the saved state. If one node shows safe_to_bootstrap: 1, it stopped last: use it.`,
          commands: ['cat /var/lib/mysql/grastate.dat'],
        },
        {
          text: 'If none does (a crash), recover the last committed position on each node and choose the highest seqno (the number after the colon); on a tie, any of them. Never choose a node whose uuid differs from the others’.',
          commands: [
            'mariadbd --wsrep-recover --user=mysql --log-error=/tmp/wsrep-recover.log; grep "Recovered position" /tmp/wsrep-recover.log',
          ],
        },
        {
          text: 'On the chosen node only, mark it safe and bootstrap a new cluster.',
          commands: [
            "sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' /var/lib/mysql/grastate.dat",
            'galera_new_cluster',
          ],
        },
        {
          text: 'Start the other nodes one at a time; each rejoins by IST or SST. Wait for Synced before the next.',
          commands: [`systemctl start ${svc}`, `mysql -Nse "SHOW STATUS LIKE 'wsrep_local_state_comment'"`],
        },
        ...(ctx.arbitrator
          ? [
              {
                text: `Restart garbd on ${ctx.arbitrator.hostname} once the data nodes are Synced.`,
                commands: [`systemctl restart ${ctx.distro.garbd.service}`],
              },
            ]
          : []),
      ],
    });
  }
  if (o.database === 'galera-pacemaker') {
    out.push({
      id: 'galera-pacemaker-outage',
      title: 'Galera under Pacemaker: restart after a full outage',
      when: 'The galera resource is stopped everywhere or failed. The agent compares seqnos itself once all nodes report them.',
      steps: [
        {
          text: 'Check which nodes report a last committed seqno and clear failures.',
          commands: [
            ctx.distro.pacemaker.shell === 'crm'
              ? 'crm resource cleanup galera'
              : 'pcs resource cleanup galera',
          ],
        },
        {
          text: 'If the resource stays blocked, recover the seqno on each node as for plain Galera and let the agent bootstrap from the highest.',
          commands: ['cat /var/lib/mysql/grastate.dat'],
        },
      ],
    });
  }
  out.push(...SERVICE_RECOVERY.flatMap((recovery) => recovery(ctx)));
  if (o.database === 'drbd-mysql' || o.messaging.mode === 'drbd') {
    out.push({
      id: 'drbd-split-brain',
      title: 'DRBD: resolve a split brain',
      when: 'The kernel log shows "Split-Brain detected, dropping connection!" and the resource stays StandAlone.',
      steps: [
        {
          text: 'Choose the victim: the node whose changes since the split are thrown away. Put the cluster in maintenance so Pacemaker does not interfere.',
          commands: [
            ctx.distro.pacemaker.shell === 'crm'
              ? 'crm configure property maintenance-mode=true'
              : 'pcs property set maintenance-mode=true',
          ],
        },
        {
          text: 'On the victim: make it secondary, disconnect, and reconnect discarding its data.',
          commands: [
            'drbdadm secondary RESOURCE',
            'drbdadm disconnect RESOURCE',
            'drbdadm -- --discard-my-data connect RESOURCE',
          ],
        },
        {
          text: 'On the survivor, if it is StandAlone too: reconnect. Resynchronisation starts by itself.',
          commands: ['drbdadm connect RESOURCE', 'cat /proc/drbd'],
        },
        {
          text: 'End maintenance.',
          commands: [
            ctx.distro.pacemaker.shell === 'crm'
              ? 'crm configure property maintenance-mode=false'
              : 'pcs property set maintenance-mode=false',
          ],
        },
      ],
    });
  }
  if (ctx.facts.gluster.used && ctx.gluster.nodes.length > 0) {
    for (const volume of glusterVolumes(ctx)) {
      out.push({
        id: `gluster-split-brain-${volume.name}`,
        title: `GlusterFS: resolve a split brain on ${volume.name}`,
        when: 'Reads of a file fail with an input/output error, or heal info lists files in split brain.',
        steps: [
          {
            text: 'List the files in split brain.',
            commands: [`gluster volume heal ${volume.name} info split-brain`],
          },
          {
            text: 'Choose the good copy per file, by the newest modification or a named brick.',
            commands: [
              `gluster volume heal ${volume.name} split-brain latest-mtime FILE`,
              `gluster volume heal ${volume.name} split-brain source-brick HOST:${volume.brick} FILE`,
            ],
          },
          {
            text: 'Trigger and watch the heal.',
            commands: [`gluster volume heal ${volume.name}`, `gluster volume heal ${volume.name} info`],
          },
        ],
      });
    }
  }
  if (o.loadBalancer === 'haproxy-keepalived' && ctx.design.vips.length > 0) {
    out.push({
      id: 'vip-where',
      title: 'keepalived: find and move a VIP',
      when: 'Checking which node holds a VIP, or draining a load balancer for maintenance (nopreempt keeps the VIP where it is).',
      steps: [
        {
          text: 'On each load balancer, look for the VIP.',
          commands: ctx.design.vips.map((v) => `ip -o -4 addr | grep ' ${v.address}/'`),
        },
        {
          text: 'To move it away from a node, stop keepalived there; start it again afterwards (it will not take the VIP back).',
          commands: [
            `systemctl stop ${ctx.distro.keepalived.service}`,
            `systemctl start ${ctx.distro.keepalived.service}`,
          ],
        },
      ],
    });
  }
  out.push(...optionalRecoveryProcedures(ctx));
  return out;
}
