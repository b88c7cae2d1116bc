/** Neutron: the server on controllers, agents on network nodes (L3 HA, DVR or legacy), OVN. */
import type { DesignNode } from '../../design/schema';
import type { Topology } from '../../topology';
import {
  type NeutronNodeKind,
  renderDhcpAgentConfig,
  renderL3AgentConfig,
  renderMetadataAgentConfig,
  renderMl2Config,
  renderNeutronConfig,
  renderOvsAgentConfig,
} from '../../render/neutron';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { OVN_SB_PORT, ovnConnection, renderOvnCentralDefaults } from '../../render/ovn';
import type { Action } from '../types';
import { effectsGuard, startedAfter } from '../guards';
import { installPackages, registerService, registeredGuard, uwsgiBind, uwsgiBoundGuard } from './services';

const ML2 = '/etc/neutron/plugins/ml2/ml2_conf.ini';
const OVS_AGENT = '/etc/neutron/plugins/ml2/openvswitch_agent.ini';
const NEUTRON_CONF = '/etc/neutron/neutron.conf';

function owned(path: string, content: string): Action {
  return write(path, content, '0640', 'root', 'neutron');
}

/** The provider NIC of a node (on a provider network), bridged into br-provider. */
function providerNic(ctx: Topology, node: DesignNode): string | null {
  const provider = ctx.design.networks.filter((n) => n.purpose === 'provider').map((n) => n.id);
  return node.nics.find((nic) => provider.includes(nic.network))?.name ?? null;
}

/** The agent files and services of a network or (DVR) compute node. */
export function agentActions(
  ctx: Topology,
  node: DesignNode,
  kind: Exclude<NeutronNodeKind, 'server'>,
): Action[] {
  const s = ctx.distro.services;
  const ovn = ctx.design.options.neutron === 'ovn';
  if (ovn) {
    const ids = Object.entries(ovnExternalIds(ctx, node, kind))
      .map(([key, value]) => `external-ids:${key}=${value}`)
      .join(' ');
    return [run(installPackages(ctx, ['ovn-host'])), run(`ovs-vsctl set open . ${ids}`)];
  }
  const dvr = ctx.design.options.neutron === 'ovs-dvr';
  const routes = kind === 'network' || dvr;
  const services = [
    s.ovsAgent,
    ...(routes ? [s.l3Agent, s.metadataAgent] : []),
    ...(kind === 'network' ? [s.dhcpAgent] : []),
  ];
  const packages =
    kind === 'network'
      ? ctx.distro.openstack.neutronAgents
      : [ctx.distro.openstack.neutronAgents[0]!, ...(dvr ? ctx.distro.openstack.neutronAgents : [])];
  const nic = providerNic(ctx, node);
  return [
    run(installPackages(ctx, packages)),
    // A controller that is also a network node keeps the server's neutron.conf (a superset).
    ...(ctx.controllers.nodes.some((n) => n.id === node.id)
      ? []
      : [owned('/etc/neutron/neutron.conf', renderNeutronConfig(ctx, node, kind))]),
    owned(OVS_AGENT, renderOvsAgentConfig(ctx, node)),
    ...(routes
      ? [
          owned('/etc/neutron/l3_agent.ini', renderL3AgentConfig(ctx, kind)),
          owned('/etc/neutron/metadata_agent.ini', renderMetadataAgentConfig(ctx)),
        ]
      : []),
    ...(kind === 'network' ? [owned('/etc/neutron/dhcp_agent.ini', renderDhcpAgentConfig())] : []),
    run(
      `ovs-vsctl --may-exist add-br br-provider${nic ? ` && ovs-vsctl --may-exist add-port br-provider ${nic}` : ''}`,
    ),
    ...restart(services),
    run(`systemctl enable ${services.join(' ')}`),
  ];
}

/**
 * The guard of agentActions: packages, files and services (effectsGuard), and the Open vSwitch state its
 * commands set (the provider bridge and port; for OVN the chassis' external ids).
 */
export function agentGuard(
  ctx: Topology,
  node: DesignNode,
  kind: Exclude<NeutronNodeKind, 'server'>,
): string {
  const actions = agentActions(ctx, node, kind);
  if (ctx.design.options.neutron === 'ovn') {
    const checks = Object.entries(ovnExternalIds(ctx, node, kind)).map(
      ([key, value]) =>
        `[ "$(ovs-vsctl get open . external-ids:${key} 2>/dev/null | tr -d '"')" = '${value}' ]`,
    );
    return effectsGuard(actions, checks);
  }
  const nic = providerNic(ctx, node);
  return effectsGuard(actions, [
    'ovs-vsctl br-exists br-provider',
    ...(nic ? [`ovs-vsctl list-ports br-provider | grep -qx ${nic}`] : []),
  ]);
}

/** The external ids an OVN chassis gets (where the southbound database is, how to tunnel, gateway). */
function ovnExternalIds(
  ctx: Topology,
  node: DesignNode,
  kind: Exclude<NeutronNodeKind, 'server'>,
): Record<string, string> {
  const remote = ovnConnection(ctx, OVN_SB_PORT);
  return {
    'ovn-remote': remote,
    'ovn-encap-type': 'geneve',
    'ovn-encap-ip': ctx.address(node),
    ...(kind === 'network' ? { 'ovn-cms-options': 'enable-chassis-as-gw' } : {}),
  };
}

export function addNeutronPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (c.nodes.length === 0) return;
  const option = ctx.design.options.neutron;
  b.enter('neutron');
  b.perNode('neutron.server-install', c.nodes, (node) => {
    const actions = [
      run(
        installPackages(ctx, [
          ...ctx.distro.openstack.neutronServer,
          ...(option === 'ovn' ? ['ovn-central'] : []),
        ]),
      ),
      owned('/etc/neutron/neutron.conf', renderNeutronConfig(ctx, node, 'server')),
      owned(ML2, renderMl2Config(ctx)),
      run(uwsgiBind(ctx, node, '/etc/neutron', [9696])),
      ...(ctx.distro.family === 'debian' ? [] : [run(`ln -sf ${ML2} /etc/neutron/plugin.ini`)]),
    ];
    return {
      title: `Neutron server on ${node.hostname}`,
      why: 'The API is stateless behind the VIP; routers and DHCP live on the network nodes.',
      guide: GUIDE.ha('Highly available OpenStack Networking server'),
      actions,
      guard: effectsGuard(actions, [
        uwsgiBoundGuard(ctx, node, '/etc/neutron', [9696]),
        ...(ctx.distro.family === 'debian' ? [] : [`[ "$(readlink /etc/neutron/plugin.ini)" = ${ML2} ]`]),
      ]),
    };
  });
  b.add({
    id: 'neutron.register',
    title: 'Neutron database, user and endpoints',
    why: 'Once, on one controller.',
    guide: GUIDE.install('Networking service: prerequisites'),
    selector: b.selector('first', c.role),
    nodes: c.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      run(
        `su -s /bin/sh -c "neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file ${ML2} upgrade head" neutron`,
      ),
      ...registerService(
        ctx,
        'neutron',
        'network',
        'OpenStack Networking',
        `http://${ctx.endpointHost('neutron')}:9696`,
      ).map((x) => run(x)),
    ],
    guard: registeredGuard('neutron', 'network'),
  });
  addOvnCentral(b);
  const serverStart = [
    ...restart([ctx.distro.services.neutronServer, ...ctx.distro.services.novaController.slice(0, 1)]),
    run(`systemctl enable ${ctx.distro.services.neutronServer}`),
  ];
  b.add({
    id: 'neutron.server-start',
    title: 'Start the Neutron server on every controller',
    why: 'Nova’s API talks to it through the VIP.',
    guide: null,
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: serverStart,
    guard: effectsGuard(
      serverStart,
      [ctx.distro.services.neutronServer, ...ctx.distro.services.novaController.slice(0, 1)].map((u) =>
        startedAfter(u, [NEUTRON_CONF, ML2]),
      ),
    ),
  });
  const net = ctx.network;
  b.perNode('neutron.agents', net.nodes, (node) => ({
    title: `Neutron agents on ${node.hostname} (${option === 'ovs-dvr' ? 'DVR, dvr_snat' : option === 'ovs-l3ha' ? 'L3 HA (VRRP)' : option})`,
    why:
      option === 'ovs-l3ha'
        ? 'Each router runs on several network nodes with VRRP between them; one takes over when another fails.'
        : option === 'ovs-dvr'
          ? 'With DVR, east-west and floating-IP traffic is routed on the compute nodes; network nodes keep SNAT (dvr_snat).'
          : 'Agents on the network nodes; legacy routers are rescheduled when an agent dies.',
    guide:
      option === 'ovs-dvr'
        ? GUIDE.book('A network node setup')
        : GUIDE.ha('Networking services for high availability'),
    actions: agentActions(ctx, node, 'network'),
    guard: agentGuard(ctx, node, 'network'),
  }));
}

/**
 * OVN central on the controllers: the northbound and southbound databases clustered (Raft) and opened on
 * TCP, one node after the other (the first creates the clusters, the others join), then a check that each
 * node is a cluster member.
 */
function addOvnCentral(b: PlanBuilder): void {
  const { ctx } = b;
  const central = ctx.facts.neutron.ovnCentral;
  if (central.length === 0) return;
  const status = (db: 'nb' | 'sb', name: string) =>
    `ovn-appctl -t /var/run/ovn/ovn${db}_db.ctl cluster/status ${name} | grep -q 'Status: cluster member'`;
  b.perNode('neutron.ovn-central', central, (node) => {
    const actions = [
      write('/etc/default/ovn-central', renderOvnCentralDefaults(ctx, node)),
      ...restart(['ovn-central']),
      check(
        `${status('nb', 'OVN_Northbound')} && ${status('sb', 'OVN_Southbound')} && echo member`,
        { kind: 'stdout-equals', text: 'member' },
        'northbound and southbound cluster member',
        { attempts: 30, intervalMs: 2000 },
      ),
    ];
    const first = central[0]!;
    return {
      // The first node creates both clusters; the others join it once it answers.
      ...(node.id === first.id ? {} : { dependsOn: [`neutron.ovn-central:${first.id}`] }),
      title: `OVN databases clustered on ${node.hostname}`,
      why: 'The OVN northbound and southbound databases hold every network, port and router; as Raft clusters on every controller they survive a controller failure, and Neutron and the chassis list every member.',
      guide: GUIDE.ha('Networking services for high availability'),
      actions,
      guard: effectsGuard(actions, [
        `${status('nb', 'OVN_Northbound')}`,
        `${status('sb', 'OVN_Southbound')}`,
        startedAfter('ovn-central', ['/etc/default/ovn-central']),
      ]),
    };
  });
}
