/**
 * Where it runs: per node, the services it runs, the votes it casts and the VIPs it holds, read from the
 * resolved topology, for the canvas's placement overlay. A change that moves a service (a Messaging role
 * on one node takes RabbitMQ off every controller) shows at once.
 */
import type { Topology } from './types';

/** One service on one node. */
export interface Placed {
  /** Short text on the chip ("Galera", "garbd", "VIP api"). */
  label: string;
  /** The whole sentence, for the chip's title and screen readers. */
  title: string;
  /** `vote`: a member that counts for quorum; `vip`: holds a VIP (`primary` when it is the first choice). */
  kind: 'runs' | 'vote' | 'vip' | 'vip-backup';
}

/** Node id → what runs there, in the HA guide's order. Nodes that run nothing are absent. */
export function servicePlacement(t: Topology): Map<string, Placed[]> {
  const out = new Map<string, Placed[]>();
  const put = (id: string, placed: Placed) => {
    const list = out.get(id);
    if (list) list.push(placed);
    else out.set(id, [placed]);
  };
  const f = t.facts;
  for (const n of f.pacemaker.nodes)
    put(n.id, {
      label: 'Pacemaker',
      title: `Corosync/Pacemaker member (${f.pacemaker.nodes.length} votes)`,
      kind: 'vote',
    });
  const galera = f.galera;
  if (galera.mode === 'drbd-mysql')
    for (const n of galera.dataNodes)
      put(n.id, { label: 'MySQL/DRBD', title: 'MySQL on DRBD (active/passive)', kind: 'runs' });
  else {
    for (const n of galera.dataNodes)
      put(n.id, {
        label: 'Galera',
        title: `Galera data node, one of ${galera.voters.length} votes`,
        kind: 'vote',
      });
    if (galera.arbitrator)
      put(galera.arbitrator.id, {
        label: 'garbd',
        title: `Galera arbitrator: a vote without data (${galera.voters.length} votes)`,
        kind: 'vote',
      });
  }
  const mq = f.rabbitmq;
  for (const n of mq.nodes)
    put(n.id, {
      label: 'RabbitMQ',
      title: `RabbitMQ broker (${mq.nodes.length} brokers, ${mq.partitionHandling}; ${mq.required} must be up)`,
      kind: mq.required > 1 ? 'vote' : 'runs',
    });
  for (const n of f.memcached.nodes) put(n.id, { label: 'memcached', title: 'memcached', kind: 'runs' });
  for (const n of f.loadBalancer.nodes) put(n.id, { label: 'HAProxy', title: 'HAProxy', kind: 'runs' });
  for (const vip of t.design.vips) {
    const holders = f.loadBalancer.holders(vip);
    holders.forEach((n, i) =>
      put(n.id, {
        label: `VIP ${vip.name}`,
        title:
          i === 0
            ? `Holds VIP ${vip.name} (${vip.address}) when every node is up`
            : `Takes VIP ${vip.name} (${vip.address}) over, choice ${i + 1} of ${holders.length}`,
        kind: i === 0 ? 'vip' : 'vip-backup',
      }),
    );
  }
  for (const n of t.controllers.nodes)
    put(n.id, { label: 'APIs', title: 'OpenStack API services', kind: 'runs' });
  for (const n of f.neutron.ovnCentral)
    put(n.id, {
      label: 'OVN DB',
      title: `OVN northbound/southbound databases (Raft, ${f.neutron.ovnCentral.length} votes)`,
      kind: 'vote',
    });
  if (f.neutron.mode !== 'ovn')
    for (const n of f.neutron.agentNodes)
      put(n.id, { label: 'L3/DHCP', title: 'Neutron L3, DHCP and metadata agents', kind: 'runs' });
  if (f.ceph.used) {
    for (const n of f.ceph.mons)
      put(n.id, { label: 'Ceph mon', title: `Ceph monitor (${f.ceph.mons.length} votes)`, kind: 'vote' });
    for (const n of f.ceph.osds)
      put(n.id, { label: 'Ceph OSD', title: `Ceph OSDs (pool size ${f.ceph.size})`, kind: 'runs' });
  }
  if (f.gluster.used)
    for (const n of f.gluster.nodes)
      put(n.id, { label: 'Gluster', title: `GlusterFS brick (replica ${f.gluster.replica})`, kind: 'runs' });
  for (const n of t.compute.nodes) put(n.id, { label: 'nova-compute', title: 'Nova compute', kind: 'runs' });
  return out;
}
