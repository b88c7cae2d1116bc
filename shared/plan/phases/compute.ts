/** Compute nodes, then the verification that the whole cloud works. */
import { nagiosLayout, renderNagiosConfig } from '../../render/monitoring';
import { renderNovaComputeConfig } from '../../render/openstack';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { SECRET, ref } from '../secrets';
import { wsrepStatus } from './database';
import type { DesignNode } from '../../design/schema';
import { effectsGuard } from '../guards';
import { agentActions, agentGuard } from './neutron';
import { AS_ADMIN, installPackages } from './services';

export function addComputePhase(b: PlanBuilder): void {
  const { ctx } = b;
  const computes = ctx.compute.nodes;
  if (computes.length === 0) return;
  const ceph = ctx.facts.ceph.used && ctx.cephMon.nodes.length > 0;
  b.enter('compute');
  b.perNode('compute.install', computes, (node) => ({
    guard: computeGuard(b, node, ceph),
    title: `nova-compute and the Neutron agent${ctx.design.options.neutron === 'ovs-dvr' ? 's (DVR)' : ''} on ${node.hostname}`,
    why:
      ctx.design.options.neutron === 'ovs-dvr'
        ? 'With DVR each compute routes its own instances’ traffic (agent_mode dvr), so a network node failure only affects SNAT.'
        : 'Instances run here; their state lives on the compute (or in Ceph) and moves by evacuation when a host fails.',
    guide: GUIDE.book('A compute node setup'),
    actions: [
      run(installPackages(ctx, ctx.distro.openstack.novaCompute)),
      write('/etc/nova/nova.conf', renderNovaComputeConfig(ctx, node), '0640', 'root', 'nova'),
      ...(ceph
        ? [
            run('install -d -m 0755 /etc/quorum'),
            write(
              '/etc/quorum/libvirt-ceph-secret.xml',
              `<secret ephemeral='no' private='no'>\n  <uuid>${ref(SECRET.libvirtCephUuid)}</uuid>\n  <usage type='ceph'>\n    <name>client.cinder secret</name>\n  </usage>\n</secret>\n`,
              '0600',
            ),
            run(
              `virsh secret-list | grep -q ${ref(SECRET.libvirtCephUuid)} || virsh secret-define --file /etc/quorum/libvirt-ceph-secret.xml`,
            ),
            run(
              `virsh secret-set-value --secret ${ref(SECRET.libvirtCephUuid)} --base64 '${ref(SECRET.cephKey('cinder'))}'`,
            ),
          ]
        : []),
      ...agentActions(ctx, node, 'compute'),
      ...restart([ctx.distro.services.novaCompute]),
      run(`systemctl enable ${ctx.distro.services.novaCompute}`),
    ],
  }));
  b.add({
    id: 'compute.discover',
    title: 'Map the compute hosts into cell1',
    why: 'New computes are only scheduled to once discovered.',
    guide: GUIDE.install('Add the compute node to the cell database'),
    selector: b.selector('first', ctx.controllers.role),
    nodes: ctx.controllers.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      check(
        `${AS_ADMIN} openstack compute service list --service nova-compute -f value -c Host | wc -l`,
        { kind: 'stdout-equals', text: String(computes.length) },
        `${computes.length} nova-compute services registered`,
      ),
      run('su -s /bin/sh -c "nova-manage cell_v2 discover_hosts --verbose" nova'),
    ],
    // Every compute is mapped to cell1 already.
    guard: `[ "$(su -s /bin/sh -c "nova-manage cell_v2 list_hosts" nova | grep -c ' cell1 ')" -ge ${computes.length} ]`,
  });
}

/** compute.install's guard: its files, packages and services, the libvirt secret, the Neutron agent. */
function computeGuard(b: PlanBuilder, node: DesignNode, ceph: boolean): string {
  const { ctx } = b;
  const uuid = ref(SECRET.libvirtCephUuid);
  return effectsGuard(
    [
      run(installPackages(ctx, ctx.distro.openstack.novaCompute)),
      write('/etc/nova/nova.conf', renderNovaComputeConfig(ctx, node), '0640', 'root', 'nova'),
      ...restart([ctx.distro.services.novaCompute]),
      run(`systemctl enable ${ctx.distro.services.novaCompute}`),
    ],
    [
      ...(ceph
        ? [`[ "$(virsh secret-get-value ${uuid} 2>/dev/null)" = '${ref(SECRET.cephKey('cinder'))}' ]`]
        : []),
      agentGuard(ctx, node, 'compute'),
    ],
  );
}

export function addVerifyPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const first = ctx.controllers.nodes.slice(0, 1);
  b.enter('verify');
  if (first.length > 0 && b.openstack) {
    const actions = [
      check(
        `${AS_ADMIN} openstack token issue -f value -c id`,
        { kind: 'stdout-matches', pattern: '^\\S{20,}$' },
        'Keystone issues tokens through the VIP',
      ),
      check(
        `${AS_ADMIN} openstack image list -f value -c ID >/dev/null && echo ok`,
        { kind: 'stdout-equals', text: 'ok' },
        'Glance answers',
      ),
      check(
        `${AS_ADMIN} openstack compute service list -f value -c State | sort -u`,
        { kind: 'stdout-equals', text: 'up' },
        'every Nova service is up',
      ),
      check(
        `${AS_ADMIN} openstack network agent list -f value -c Alive | sort -u`,
        { kind: 'stdout-matches', pattern: '^(True|:-\\))$' },
        'every Neutron agent is alive',
      ),
      ...(ctx.design.options.storage.volumes !== 'none'
        ? [
            check(
              `${AS_ADMIN} openstack volume service list -f value -c State | sort -u`,
              { kind: 'stdout-equals', text: 'up' },
              'every Cinder service is up',
            ),
          ]
        : []),
    ];
    if (ctx.design.options.database !== 'drbd-mysql' && ctx.database.nodes.length > 0) {
      actions.push(
        check(
          `mysql -h ${ctx.endpointHost('database')} -u keystone -p'${ref(SECRET.dbPassword('keystone'))}' -Nse "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2`,
          { kind: 'stdout-equals', text: String(ctx.facts.galera.expectedSize) },
          'Galera through the VIP has every member',
        ),
      );
    }
    b.add({
      id: 'verify.cloud',
      title: 'The cloud answers through its VIPs',
      why: 'End-to-end checks with real client operations, not pings.',
      guide: GUIDE.install('Verify operation'),
      selector: b.selector('first', ctx.controllers.role),
      nodes: first,
      mode: 'one',
      actions,
    });
  }
  if (ctx.database.nodes.length > 0 && ctx.design.options.database !== 'drbd-mysql') {
    b.add({
      id: 'verify.galera-synced',
      title: 'Every Galera node is Synced',
      why: 'A node stuck as Donor or Joining would be taken out of HAProxy; find it now rather than at the first failover.',
      guide: GUIDE.ha('Database: Verify the cluster'),
      selector: b.selector('role', ctx.database.role),
      nodes: ctx.database.nodes,
      actions: [
        check(wsrepStatus('wsrep_local_state_comment'), { kind: 'stdout-equals', text: 'Synced' }, 'Synced'),
      ],
    });
  }
  const monitors = ctx.design.nodes.filter((n) => n.roles.includes('monitoring'));
  if (monitors.length > 0) {
    const nagios = nagiosLayout(ctx);
    const nagiosActions = [
      run(installPackages(ctx, nagios.packages)),
      write(`${nagios.confDir}/quorum.cfg`, renderNagiosConfig(ctx)),
      run(`${nagios.binary} -v ${nagios.main}`),
      ...restart([nagios.service]),
      run(`systemctl enable ${nagios.service}`),
    ];
    b.add({
      id: 'monitoring.nagios',
      title: 'Nagios checks of every HA service',
      why: 'Failover hides failures: a dead Galera node or broker keeps the cloud up until the next one fails. Nagios says so at the first.',
      guide: GUIDE.book('The Nagios monitoring service'),
      selector: b.selector('role', 'monitoring'),
      nodes: monitors,
      actions: nagiosActions,
      guard: effectsGuard(nagiosActions),
    });
  }
  if (ctx.distro.family === 'debian') {
    b.add({
      id: 'verify.allow-service-starts',
      title: 'Let package upgrades restart services again',
      why: 'policy-rc.d kept services from starting unconfigured during the installs; it must not stay.',
      guide: null,
      selector: { kind: 'all' },
      nodes: ctx.design.nodes,
      actions: [run('rm -f /usr/sbin/policy-rc.d')],
      guard: 'test ! -e /usr/sbin/policy-rc.d',
    });
  }
}
