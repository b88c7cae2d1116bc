/**
 * The ordered list of service modules: the compiler runs their plan steps in this order (the HA guide's,
 * like Kolla-Ansible's site.yml), the rule runner adds their rules, verify their checks and the runbook
 * their recovery procedures. RabbitMQ and memcached are full modules (their folders hold all of it); the others still
 * keep their steps in shared/plan/phases and their files in shared/render, wrapped here until they move.
 */
import { addBasePhases } from '../plan/phases/base';
import { addPacemakerPhase } from '../plan/phases/cluster';
import { addComputePhase, addVerifyPhase } from '../plan/phases/compute';
import { addDatabasePhase } from '../plan/phases/database';
import { addLoadBalancingPhase } from '../plan/phases/infra';
import { addNeutronPhase } from '../plan/phases/neutron';
import { addNovaPhase } from '../plan/phases/nova';
import { addOctaviaPhase } from '../plan/phases/octavia';
import { addGlancePhase, addHorizonPhase, addKeystonePhase } from '../plan/phases/services';
import { addCinderPhase, addStoragePhase } from '../plan/phases/storage';
import { addSwiftPhase } from '../plan/phases/swift';
import { addTelemetryPhase } from '../plan/phases/telemetry';
import type { PlanBuilder } from '../plan/builder';
import { memcachedModule } from './memcached';
import { rabbitmqModule } from './rabbitmq';
import type { ServiceModule } from './types';

export type { ServiceModule } from './types';

/** A module whose steps still live in shared/plan/phases. */
function phase(
  id: string,
  title: string,
  openstack: boolean,
  options: string[],
  plan: (b: PlanBuilder) => void,
): ServiceModule {
  return { id, title, openstack, options, plan };
}

export const SERVICE_MODULES: readonly ServiceModule[] = [
  phase('base', 'Preflight and operating system', false, [], addBasePhases),
  phase(
    'pacemaker',
    'Corosync/Pacemaker',
    false,
    ['fencing', 'cluster.twoNode', 'cluster.noQuorumPolicy'],
    addPacemakerPhase,
  ),
  phase('galera', 'Galera (and garbd)', false, ['database', 'arbitrator'], addDatabasePhase),
  rabbitmqModule,
  memcachedModule,
  phase('haproxy', 'HAProxy and the VIPs', false, ['loadBalancer'], addLoadBalancingPhase),
  phase('keystone', 'Keystone', true, [], addKeystonePhase),
  phase('glance', 'Glance', true, ['storage.images'], addGlancePhase),
  phase('nova', 'Placement and Nova', true, [], addNovaPhase),
  phase(
    'neutron',
    'Neutron',
    true,
    ['neutron', 'maxL3AgentsPerRouter', 'dhcpAgentsPerNetwork', 'tenantNetworkType', 'l2Population'],
    addNeutronPhase,
  ),
  phase(
    'storage',
    'Ceph and GlusterFS',
    false,
    ['storage.images', 'storage.volumes', 'storage.instances', 'cephPoolSize', 'gluster'],
    addStoragePhase,
  ),
  phase('swift', 'Swift', true, ['swift'], addSwiftPhase),
  phase('cinder', 'Cinder', true, ['storage.volumes'], addCinderPhase),
  phase('horizon', 'Horizon', true, [], addHorizonPhase),
  phase('compute', 'Nova compute', true, ['storage.instances'], addComputePhase),
  phase('octavia', 'Octavia', true, ['lbaas'], addOctaviaPhase),
  phase(
    'telemetry',
    'Telemetry, metrics and logging',
    false,
    ['telemetry', 'metrics', 'logging'],
    addTelemetryPhase,
  ),
  phase('verify', 'Verification', false, [], addVerifyPhase),
];
