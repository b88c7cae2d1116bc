/** DVR rules: what distributed virtual routing needs on computes and network nodes; OVN notes. */
import { REF } from './references';
import type { Rule, RuleContext } from './types';

const isDvr = (ctx: RuleContext) => ctx.design.options.neutron === 'ovs-dvr';
const externalNetworks = (ctx: RuleContext) => ctx.design.networks.filter((n) => n.purpose === 'provider');

const computeExternal: Rule = {
  id: 'dvr.compute-external',
  family: 'dvr',
  severity: 'error',
  why: "With DVR every compute node routes its own instances' floating IP traffic, so each compute needs an interface on the external (provider) network. A compute without one cannot serve floating IPs or north-south traffic for its instances.",
  reference: REF.dvr,
  check: (ctx) => {
    if (!isDvr(ctx)) return [];
    const computes = ctx.byRole('compute');
    if (computes.length === 0) return [];
    const external = new Set(externalNetworks(ctx).map((n) => n.id));
    if (external.size === 0)
      return [
        {
          nodes: computes.map((c) => c.id),
          message: 'DVR needs an external (provider) network; the design has none.',
        },
      ];
    const missing = computes.filter((c) => !c.nics.some((nic) => external.has(nic.network)));
    if (missing.length === 0) return [];
    return [
      {
        nodes: missing.map((c) => c.id),
        networks: [...external],
        message: `DVR: ${missing.length} compute node${missing.length === 1 ? '' : 's'} without a NIC on the external network: ${missing.map((c) => c.hostname).join(', ')}.`,
      },
    ];
  },
};

const agentModes: Rule = {
  id: 'dvr.agent-modes',
  family: 'dvr',
  severity: 'info',
  why: 'DVR splits routing: the L3 agent on each compute runs in agent_mode=dvr (east-west and floating IPs), while the network nodes run agent_mode=dvr_snat for the centralized SNAT of instances without floating IPs. Quorum writes these modes; without a dvr_snat host, SNAT has nowhere to run.',
  reference: REF.dvr,
  check: (ctx) => {
    if (!isDvr(ctx)) return [];
    const computes = ctx.byRole('compute');
    const snat = ctx.topology.network.nodes;
    if (snat.length === 0)
      return [
        {
          severity: 'error',
          message: 'DVR needs a network node (or controller) for agent_mode=dvr_snat; the design has none.',
        },
      ];
    return [
      {
        nodes: [...computes.map((c) => c.id), ...snat.map((n) => n.id)],
        message: `agent_mode = dvr on ${computes.length} compute node${computes.length === 1 ? '' : 's'}, dvr_snat on ${snat.map((n) => n.hostname).join(', ')}.`,
      },
    ];
  },
};

const l2Population: Rule = {
  id: 'dvr.l2-population',
  family: 'dvr',
  severity: 'warning',
  why: "DVR with VXLAN or GRE tunnels relies on the L2 population mechanism driver to pre-fill forwarding entries for the distributed router ports on every host; without it tunnels flood and DVR's ARP handling breaks.",
  reference: REF.dvr,
  check: (ctx) => {
    const o = ctx.design.options;
    const type = o.tenantNetworkType ?? 'vxlan';
    if (!isDvr(ctx) || (type !== 'vxlan' && type !== 'gre') || o.l2Population !== false) return [];
    return [
      { message: `DVR with ${type.toUpperCase()} tenant networks has L2 population turned off; turn it on.` },
    ];
  },
};

const kernel: Rule = {
  id: 'dvr.kernel-settings',
  family: 'dvr',
  severity: 'info',
  why: 'Routing inside network namespaces needs packet forwarding on, and reverse-path filtering off so that replies arriving on another interface than the request are not dropped. The book sets both on controller, network and compute nodes before configuring DVR.',
  reference: REF.dvrKernel,
  check: (ctx) =>
    isDvr(ctx)
      ? [{ message: 'DVR hosts get net.ipv4.ip_forward = 1 and net.ipv4.conf.all/default.rp_filter = 0.' }]
      : [],
};

const tenantVrrp: Rule = {
  id: 'dvr.tenant-vrrp',
  family: 'dvr',
  severity: 'warning',
  why: 'DVR answers ARP for router ports locally on each compute and filters unknown addresses, which breaks VRRP run by tenants inside their networks (keepalived pairs, load balancer HA with allowed-address-pairs): the virtual address may not move or may be reachable only from some hosts.',
  reference: REF.dvr,
  check: (ctx) =>
    isDvr(ctx) && ctx.design.options.tenantVrrp
      ? [
          {
            message:
              'DVR with tenant-side VRRP (e.g. load balancer HA in tenant networks): failover of tenant VIPs may not work; prefer L3 HA.',
          },
        ]
      : [],
};

const ovn: Rule = {
  id: 'dvr.ovn-not-applicable',
  family: 'dvr',
  severity: 'info',
  why: "OVN replaces the L3 and DHCP agents with distributed logical routers and gateway chassis scheduling, so neither DVR agent modes nor L3 HA's max_l3_agents_per_router nor L2 population apply.",
  reference: REF.l3haDvr,
  check: (ctx) => {
    const o = ctx.design.options;
    if (o.neutron !== 'ovn' || (o.maxL3AgentsPerRouter === undefined && o.l2Population === undefined))
      return [];
    return [
      {
        message:
          'OVN: max_l3_agents_per_router and L2 population are ignored (no L3 agents, no DVR/L3 HA choice).',
      },
    ];
  },
};

/** DVR family. */
export const dvrRules: Rule[] = [computeExternal, agentModes, l2Population, kernel, tenantVrrp, ovn];
