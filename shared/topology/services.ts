/**
 * The clustered services of a resolved topology: members, voters and how many must be up. Rules (SPOF,
 * quorum, zones), the failure simulation and the availability model read this list; it is built from the
 * same facts the plan and the renderers use, so none of them can disagree about who is a member of what.
 */
import type { DesignNode } from '../design/schema';
import { quorumOf } from './basics';
import type { ClusterService, ServiceId, ServiceKind, Topology } from './types';

const ids = (nodes: readonly DesignNode[]) => nodes.map((n) => n.id);

function service(
  id: ServiceId,
  label: string,
  kind: ServiceKind,
  members: readonly DesignNode[],
  required: number,
  impact: string,
  controlPlane: boolean,
  dataMembers: readonly DesignNode[] = members,
): ClusterService {
  return {
    id,
    label,
    kind,
    members: ids(members),
    dataMembers: ids(dataMembers),
    required,
    impact,
    controlPlane,
  };
}

/**
 * Every clustered service the topology implies, with its members and how many must be up. Services with
 * no member (no compute nodes, no Ceph) are left out.
 */
export function clusterServicesOf(t: Topology): ClusterService[] {
  const o = t.design.options;
  const f = t.facts;
  const out: ClusterService[] = [];
  const db = 'every OpenStack API (no database)';
  if (f.galera.mode === 'drbd-mysql') {
    out.push(service('mysql-drbd', 'MySQL on DRBD', 'active-passive', f.galera.dataNodes, 1, db, true));
  } else {
    const voters = f.galera.voters;
    out.push(
      service(
        'galera',
        'Galera (MariaDB)',
        'quorum',
        voters,
        quorumOf(voters.length),
        db,
        true,
        f.galera.dataNodes,
      ),
    );
  }
  const mq = f.rabbitmq;
  out.push(
    service(
      'rabbitmq',
      'RabbitMQ',
      mq.mode === 'drbd' ? 'active-passive' : mq.required > 1 ? 'quorum' : 'active-active',
      mq.nodes,
      mq.required,
      'RPC between services: scheduling, ports, volumes attach',
      true,
    ),
  );
  const pcmk = f.pacemaker;
  if (pcmk.nodes.length > 0) {
    out.push(
      service(
        'pacemaker',
        'Corosync/Pacemaker',
        'quorum',
        pcmk.nodes,
        pcmk.required,
        'every resource Pacemaker manages (stopped without quorum)',
        true,
      ),
    );
  }
  out.push(
    service(
      'load-balancer',
      o.loadBalancer === 'pacemaker-haproxy' ? 'HAProxy (Pacemaker VIPs)' : 'HAProxy + keepalived',
      'active-passive',
      t.loadBalancers.nodes,
      1,
      'every VIP, so every API endpoint',
      true,
    ),
  );
  out.push(
    service(
      'api',
      'OpenStack API services',
      'active-active',
      t.controllers.nodes,
      1,
      'the control plane',
      true,
    ),
  );
  out.push(
    service(
      'memcached',
      'Memcached',
      'active-active',
      f.memcached.nodes,
      1,
      'Keystone token caching (slow APIs)',
      false,
    ),
  );
  const n = f.neutron;
  if (n.ovnCentral.length > 0) {
    out.push(
      service(
        'ovn-db',
        'OVN northbound/southbound databases',
        'quorum',
        n.ovnCentral,
        quorumOf(n.ovnCentral.length),
        'every network change (ports, routers, security groups)',
        false,
      ),
    );
  }
  if (n.mode !== 'ovn') {
    out.push(
      service(
        'l3-agent',
        'Neutron L3 agents',
        n.mode === 'ovs-legacy' ? 'active-passive' : 'active-active',
        n.agentNodes,
        1,
        'routing and floating IPs of tenant networks',
        false,
      ),
    );
  }
  out.push(
    service(
      'dhcp-agent',
      'Neutron DHCP agents',
      'active-active',
      n.agentNodes,
      1,
      'DHCP for instances',
      false,
    ),
  );
  const ceph = f.ceph;
  if (ceph.used) {
    if (ceph.mons.length > 0)
      out.push(
        service(
          'ceph-mon',
          'Ceph monitors',
          'quorum',
          ceph.mons,
          quorumOf(ceph.mons.length),
          'all Ceph I/O',
          false,
        ),
      );
    if (ceph.osds.length > 0)
      out.push(
        service(
          'ceph-osd',
          'Ceph OSD hosts',
          'active-active',
          ceph.osds,
          // Fewer than min_size replicas up and placement groups stop serving I/O.
          Math.min(ceph.osds.length, ceph.minSize),
          'images, volumes or instance disks on Ceph',
          false,
        ),
      );
  }
  const g = f.gluster;
  if (g.used && g.nodes.length > 0) {
    out.push(
      service(
        'gluster',
        'GlusterFS',
        g.clientQuorum ? 'quorum' : 'active-active',
        g.nodes,
        g.clientQuorum ? quorumOf(g.nodes.length) : 1,
        'storage on GlusterFS',
        false,
      ),
    );
  }
  if (t.compute.nodes.length > 0)
    out.push(
      service('compute', 'Nova compute', 'active-active', t.compute.nodes, 1, 'running instances', false),
    );
  return out;
}
