/**
 * Neutron: neutron.conf (server and agents), ml2_conf.ini, openvswitch_agent.ini, l3_agent.ini with the
 * agent_mode of L3 HA or DVR per node kind, dhcp_agent.ini and metadata_agent.ini.
 */
import type { DesignNode } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';
import { type IniDocument, renderIni } from './ini';
import { osloMessagingRabbit, transportUrl } from '../services/rabbitmq/render';
import { memcachedServers } from '../services/memcached/render';
import { authSection, databaseUrl } from './openstack';
import { OVN_NB_PORT, OVN_SB_PORT, ovnConnection } from './ovn';

/** Where a node sits in Neutron's picture: the API server, an agent host with SNAT, or a compute host. */
export type NeutronNodeKind = 'server' | 'network' | 'compute';

function dvr(ctx: Topology): boolean {
  return ctx.design.options.neutron === 'ovs-dvr';
}

/** neutron.conf: server settings on controllers, the common part on agent hosts. */
export function renderNeutronConfig(ctx: Topology, node: DesignNode, kind: NeutronNodeKind): string {
  const option = ctx.design.options.neutron;
  const doc: IniDocument = {
    DEFAULT: { transport_url: transportUrl(ctx), auth_strategy: 'keystone' },
    oslo_concurrency: { lock_path: '/var/lib/neutron/tmp' },
    oslo_messaging_rabbit: osloMessagingRabbit(ctx),
  };
  if (kind === 'server') {
    const n = ctx.facts.neutron;
    const l3 = n.maxL3AgentsPerRouter;
    doc.DEFAULT = {
      ...doc.DEFAULT,
      bind_host: ctx.address(node),
      core_plugin: 'ml2',
      service_plugins: option === 'ovn' ? 'ovn-router' : 'router',
      notify_nova_on_port_status_changes: 'true',
      notify_nova_on_port_data_changes: 'true',
      // Two DHCP agents per network by default: one survives a network-node failure.
      dhcp_agents_per_network: String(n.dhcpAgentsPerNetwork),
      ...(option === 'ovs-l3ha'
        ? {
            l3_ha: 'true',
            max_l3_agents_per_router: String(l3 ?? 1),
            allow_automatic_l3agent_failover: 'true',
          }
        : {}),
      ...(option === 'ovs-dvr'
        ? {
            router_distributed: 'true',
            l3_ha: l3 === null ? 'false' : 'true',
            ...(l3 === null ? {} : { max_l3_agents_per_router: String(l3) }),
          }
        : {}),
      ...(option === 'ovs-legacy' ? { allow_automatic_l3agent_failover: 'true' } : {}),
    };
    doc.database = { connection: databaseUrl(ctx, 'neutron') };
    doc.keystone_authtoken = authSection(ctx, 'neutron');
    doc.nova = authSection(ctx, 'nova', false);
  }
  return renderIni(doc);
}

/** ml2_conf.ini (server side): tenant network type, flat provider networks, the mechanism drivers. */
export function renderMl2Config(ctx: Topology): string {
  const n = ctx.facts.neutron;
  const ovn = n.mode === 'ovn';
  const type = n.tenantNetworkType;
  const ranges: IniDocument = {
    vxlan: { ml2_type_vxlan: { vni_ranges: '1:1000' } },
    gre: { ml2_type_gre: { tunnel_id_ranges: '1:1000' } },
    geneve: { ml2_type_geneve: { vni_ranges: '1:65536', max_header_size: '38' } },
    // VLAN tenant networks share the provider bridge's physical network.
    vlan: { ml2_type_vlan: { network_vlan_ranges: 'provider:1000:2999' } },
  }[type];
  const doc: IniDocument = {
    ml2: {
      type_drivers: n.typeDrivers.join(','),
      tenant_network_types: type,
      mechanism_drivers: n.mechanismDrivers.join(','),
      extension_drivers: 'port_security',
    },
    ml2_type_flat: { flat_networks: 'provider' },
    ...ranges,
    ...(ovn
      ? {
          ovn: {
            ovn_nb_connection: ovnConnection(ctx, OVN_NB_PORT),
            ovn_sb_connection: ovnConnection(ctx, OVN_SB_PORT),
            ovn_l3_scheduler: 'leastloaded',
          },
        }
      : {}),
  };
  return renderIni(doc);
}

/** The node's tunnel endpoint: its address on the tenant network, else its management address. */
export function tunnelAddress(ctx: Topology, node: DesignNode): string {
  const tenant = ctx.design.networks.find((n) => n.purpose === 'tenant');
  return (tenant && ctx.nicOn(node, tenant.id)?.address) || ctx.address(node);
}

/** openvswitch_agent.ini. */
export function renderOvsAgentConfig(ctx: Topology, node: DesignNode): string {
  return renderIni({
    ovs: { bridge_mappings: 'provider:br-provider', local_ip: tunnelAddress(ctx, node) },
    agent: {
      ...(ctx.facts.neutron.tunnelTypes.length > 0
        ? { tunnel_types: ctx.facts.neutron.tunnelTypes.join(',') }
        : {}),
      l2_population: String(ctx.facts.neutron.l2Population),
      ...(dvr(ctx) ? { enable_distributed_routing: 'true', arp_responder: 'true' } : {}),
    },
    securitygroup: { enable_security_group: 'true', firewall_driver: 'openvswitch' },
  });
}

/** The L3 agent's mode: `dvr_snat` on network nodes and `dvr` on computes with DVR, else `legacy`. */
export function l3AgentMode(ctx: Topology, kind: NeutronNodeKind): 'legacy' | 'dvr' | 'dvr_snat' {
  if (!dvr(ctx)) return 'legacy';
  return kind === 'compute' ? 'dvr' : 'dvr_snat';
}

/** l3_agent.ini. */
export function renderL3AgentConfig(ctx: Topology, kind: NeutronNodeKind): string {
  return renderIni({
    DEFAULT: {
      interface_driver: 'openvswitch',
      agent_mode: l3AgentMode(ctx, kind),
      ...(ctx.design.options.neutron === 'ovs-l3ha' ? { ha_vrrp_auth_password: ref(SECRET.keepalived) } : {}),
    },
  });
}

/** dhcp_agent.ini (isolated metadata on, so instances on networks without a router get metadata). */
export function renderDhcpAgentConfig(): string {
  return renderIni({
    DEFAULT: {
      interface_driver: 'openvswitch',
      dhcp_driver: 'neutron.agent.linux.dhcp.Dnsmasq',
      enable_isolated_metadata: 'true',
      force_metadata: 'true',
    },
  });
}

/** metadata_agent.ini: nova's metadata API through its VIP, with the shared secret. */
export function renderMetadataAgentConfig(ctx: Topology): string {
  return renderIni({
    DEFAULT: {
      nova_metadata_host: ctx.endpointHost('nova'),
      metadata_proxy_shared_secret: ref(SECRET.metadata),
      memcache_servers: memcachedServers(ctx),
    },
  });
}

/** sysctl settings for a node: non-local bind on VIP holders; forwarding and loose rp_filter for routing. */
export function renderSysctl(ctx: Topology, node: DesignNode): string | null {
  const lines: string[] = [];
  const vipHolder = ctx.loadBalancers.nodes.some((n) => n.id === node.id) && ctx.design.vips.length > 0;
  if (vipHolder) {
    lines.push('# HAProxy binds VIP addresses this node does not hold yet.', 'net.ipv4.ip_nonlocal_bind = 1');
  }
  const routes =
    ctx.network.nodes.some((n) => n.id === node.id) ||
    (dvr(ctx) && ctx.compute.nodes.some((n) => n.id === node.id));
  if (routes) {
    lines.push(
      '# Routers and DVR: forward packets, and do not drop asymmetric replies.',
      'net.ipv4.ip_forward = 1',
      'net.ipv4.conf.all.rp_filter = 0',
      'net.ipv4.conf.default.rp_filter = 0',
    );
  }
  return lines.length > 0 ? `# Written by Quorum.\n${lines.join('\n')}\n` : null;
}
