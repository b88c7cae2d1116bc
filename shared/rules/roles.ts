/** Role rules: enough controllers, load balancers, L3 and DHCP agents for HA. */
import { REF } from './references';
import type { Rule } from './types';

const controllers: Rule = {
  id: 'roles.controllers',
  family: 'roles',
  severity: 'error',
  why: "The API services, schedulers and (by default) the database and message bus run on the controllers. One controller is a single point of failure for the whole cloud; two survive a failure but leave quorum-based services without a tiebreaker; three is the HA guide's minimum for a quorum.",
  reference: REF.quorums,
  check: (ctx) => {
    if (ctx.design.nodes.length === 0) return [];
    const list = ctx.byRole('controller');
    const names = list.map((n) => n.hostname).join(', ');
    if (list.length === 0) return [{ message: 'The design has no controller.' }];
    if (list.length === 1)
      return [
        {
          nodes: list.map((n) => n.id),
          message: `Only 1 controller (${names}): HA needs at least 2, 3 recommended.`,
        },
      ];
    if (list.length === 2)
      return [
        {
          severity: 'warning',
          nodes: list.map((n) => n.id),
          message: `2 controllers (${names}): survives one failure only with a tiebreaker; 3 recommended.`,
        },
      ];
    return [];
  },
};

const vipLoadBalancers: Rule = {
  id: 'roles.vip-load-balancers',
  family: 'roles',
  severity: 'error',
  why: "A VIP is only highly available if another load balancer can take it over. With one load balancer on the VIP's network, its failure takes every endpoint behind the VIP down.",
  reference: REF.haproxy,
  check: (ctx) => {
    const lbs = ctx.topology.loadBalancers.nodes;
    return ctx.design.vips.flatMap((vip) => {
      const onNet = lbs.filter((lb) => lb.nics.some((nic) => nic.network === vip.network));
      const candidates = onNet.length > 0 ? onNet : lbs;
      if (candidates.length >= 2) return [];
      return [
        {
          vips: [vip.id],
          nodes: candidates.map((n) => n.id),
          message: `VIP ${vip.name} (${vip.address}) has ${candidates.length} load balancer${candidates.length === 1 ? '' : 's'}; it needs at least 2.`,
        },
      ];
    });
  },
};

const l3Agents: Rule = {
  id: 'roles.l3-agents',
  family: 'roles',
  severity: 'error',
  why: 'L3 HA keeps each router as a VRRP group across several L3 agents, so a router fails over when its active agent dies. That needs at least two hosts with L3 agents, and max_l3_agents_per_router cannot exceed the number of hosts that run one, or router creation fails.',
  reference: REF.networkController,
  check: (ctx) => {
    const o = ctx.design.options;
    if (o.neutron !== 'ovs-l3ha' || ctx.design.nodes.length === 0) return [];
    const hosts = ctx.topology.network.nodes;
    const ids = hosts.map((n) => n.id);
    if (hosts.length < 2)
      return [{ nodes: ids, message: `L3 HA needs ≥ 2 L3 agent hosts; the design has ${hosts.length}.` }];
    if (o.maxL3AgentsPerRouter !== undefined && o.maxL3AgentsPerRouter > hosts.length)
      return [
        {
          nodes: ids,
          message: `max_l3_agents_per_router = ${o.maxL3AgentsPerRouter} but only ${hosts.length} hosts run an L3 agent.`,
        },
      ];
    if (o.maxL3AgentsPerRouter === 1)
      return [
        { nodes: ids, message: 'max_l3_agents_per_router = 1: routers have no standby; use 2 or more.' },
      ];
    return [];
  },
};

const dhcpAgents: Rule = {
  id: 'roles.dhcp-agents',
  family: 'roles',
  severity: 'warning',
  why: "Each tenant network is served by dhcp_agents_per_network DHCP agents. With one, instances cannot renew leases or boot while that agent's host is down; two agents on different hosts make DHCP active/active. More than there are hosts cannot be scheduled.",
  reference: REF.networkController,
  check: (ctx) => {
    const wanted = ctx.design.options.dhcpAgentsPerNetwork;
    if (wanted === undefined) return [];
    const hosts = ctx.topology.network.nodes;
    const ids = hosts.map((n) => n.id);
    if (wanted > hosts.length)
      return [
        {
          severity: 'error',
          nodes: ids,
          message: `dhcp_agents_per_network = ${wanted} but only ${hosts.length} hosts run a DHCP agent.`,
        },
      ];
    if (wanted < 2 && hosts.length >= 2)
      return [
        {
          nodes: ids,
          message: `dhcp_agents_per_network = ${wanted} with ${hosts.length} agent hosts; use 2.`,
        },
      ];
    return [];
  },
};

/** Roles family. */
const dedicatedHosts: Rule = {
  id: 'roles.dedicated-hosts',
  family: 'roles',
  severity: 'warning',
  why: 'A dedicated role moves a service off the controllers entirely: as soon as one node has the Database, Messaging, Load balancer or Network role, only the nodes with that role run the service (the HA guide’s layout runs them on the controllers). Fewer dedicated hosts than controllers, and fewer than three, quietly lowers the number of copies.',
  reference: REF.quorums,
  check: (ctx) => {
    const controllers = ctx.byRole('controller');
    const t = ctx.topology;
    const groups = [
      { role: 'database' as const, service: 'Galera', nodes: t.database.nodes },
      { role: 'messaging' as const, service: 'RabbitMQ', nodes: t.messaging.nodes },
      { role: 'load-balancer' as const, service: 'HAProxy and the VIPs', nodes: t.loadBalancers.nodes },
      { role: 'network' as const, service: 'the Neutron agents', nodes: t.network.nodes },
    ];
    return groups
      .filter((g) => ctx.byRole(g.role).length > 0)
      .filter((g) => g.nodes.length < controllers.length && g.nodes.length < 3)
      .map((g) => ({
        nodes: g.nodes.map((n) => n.id),
        message: `${g.service} runs only on ${g.nodes.map((n) => n.hostname).join(', ')} (the nodes with the ${g.role} role), not on the ${controllers.length} controllers. Give the role to at least 3 nodes, or remove it to run ${g.service} on the controllers.`,
      }));
  },
};

export const roleRules: Rule[] = [controllers, vipLoadBalancers, l3Agents, dhcpAgents, dedicatedHosts];
