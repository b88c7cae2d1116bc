/**
 * keepalived.conf for one load-balancer node: one VRRP instance per VIP, unicast peers one per line
 * (LAB-NOTES: `unicast_peer { a b }` on one line gave two VIP holders), `nopreempt` so a returning node
 * does not take the VIP back (a second outage), and a check that drops priority when HAProxy is down.
 *
 * Timers (failover target: writes through the VIP again within 3 s of the holder's death, measured in the
 * lab by `quorum drill vip-failover`): VRRP version 3, whose advertisement interval may be below a second
 * (version 2 rounds it to whole seconds). A backup takes over after 3 missed advertisements plus a skew of
 * (256 − priority)/256 of an interval: with 0.5 s that is about 1.7 s instead of 3.5 s with 1 s. Lower
 * would detect faster but a node whose CPU or network stalls for 1.5 s would lose the VIP for nothing
 * (one short outage: `nopreempt` keeps it from moving back). VRRPv3 has no authentication (RFC 5798
 * dropped it: a clear-text password never protected anything), so none is written.
 */
import type { DesignNode } from '../design/schema';
import { type Topology, prefixLength } from '../topology';

/** VRRP version: 3 allows sub-second advertisements. */
export const VRRP_VERSION = 3;
/** Seconds between VRRP advertisements (see the module comment for the trade-off). */
export const ADVERT_INTERVAL_S = 0.5;

/** Path of the HAProxy check script keepalived runs. */
export const HAPROXY_CHECK_PATH = '/etc/keepalived/check_haproxy.sh';

/** The check script: exit 0 while an haproxy process runs. */
export function renderHaproxyCheckScript(): string {
  return [
    '#!/bin/sh',
    '# Written by Quorum: keepalived tracks HAProxy with this.',
    'exec pgrep -x haproxy >/dev/null',
    '',
  ].join('\n');
}

/** keepalived.conf for `node`. Priorities fall by 10 in load-balancer order (first node preferred). */
export function renderKeepalivedConfig(ctx: Topology, node: DesignNode): string {
  const lbs = ctx.loadBalancers.nodes;
  const rank = Math.max(
    0,
    lbs.findIndex((n) => n.id === node.id),
  );
  const out = [
    '# Written by Quorum.',
    'global_defs {',
    `    router_id ${node.hostname}`,
    `    vrrp_version ${VRRP_VERSION}`,
    '    enable_script_security',
    '    script_user root',
    '}',
    '',
    'vrrp_script chk_haproxy {',
    `    script "${HAPROXY_CHECK_PATH}"`,
    // HAProxy gone for 2 checks 1 s apart: the VIP moves to a node where it runs.
    '    interval 1',
    '    fall 2',
    '    rise 2',
    '    weight -30',
    '}',
    '',
  ];
  const placement = ctx.facts.loadBalancer;
  for (const vip of ctx.design.vips) {
    const holders = placement.holders(vip);
    // A node that cannot hold this VIP (no NIC on its network) runs no instance for it.
    if (!holders.some((n) => n.id === node.id)) continue;
    const network = ctx.networkById(vip.network);
    const nic = ctx.nicOn(node, vip.network) ?? { name: node.nics[0]?.name ?? 'eth0', address: null };
    const ownAddress = nic.address ?? ctx.address(node);
    const peers = holders
      .filter((n) => n.id !== node.id)
      .map((n) => ctx.nicOn(n, vip.network)?.address ?? ctx.address(n));
    out.push(
      `vrrp_instance ${vip.id.replace(/[^A-Za-z0-9_]/g, '_')} {`,
      // All BACKUP + nopreempt: the VIP stays where it is when a higher-priority node comes back.
      '    state BACKUP',
      '    nopreempt',
      `    interface ${nic.name}`,
      `    virtual_router_id ${placement.routerId(vip)}`,
      `    priority ${Math.max(1, 150 - rank * 10)}`,
      `    advert_int ${ADVERT_INTERVAL_S}`,
      `    unicast_src_ip ${ownAddress}`,
      '    unicast_peer {',
      ...peers.map((p) => `        ${p}`),
      '    }',
      '    virtual_ipaddress {',
      `        ${vip.address}/${network ? prefixLength(network.cidr) : 32} dev ${nic.name}`,
      '    }',
      '    track_script {',
      '        chk_haproxy',
      '    }',
      '}',
      '',
    );
  }
  return out.join('\n');
}
