/**
 * keepalived.conf for one load-balancer node: one VRRP instance per VIP, unicast peers one per line
 * (LAB-NOTES: `unicast_peer { a b }` on one line gave two VIP holders), `nopreempt` so a returning node
 * does not take the VIP back (a second outage), and a check that drops priority when HAProxy is down.
 */
import type { DesignNode } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import { type RenderContext, prefixLength } from './context';

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

/** VRRP router id of the n-th VIP (1–255; 51 upwards leaves room for other VRRP users). */
export function virtualRouterId(index: number): number {
  return 51 + (index % 200);
}

/** keepalived.conf for `node`. Priorities fall by 10 in load-balancer order (first node preferred). */
export function renderKeepalivedConfig(ctx: RenderContext, node: DesignNode): string {
  const lbs = ctx.loadBalancers.nodes;
  const rank = Math.max(
    0,
    lbs.findIndex((n) => n.id === node.id),
  );
  const out = [
    '# Written by Quorum.',
    'global_defs {',
    `    router_id ${node.hostname}`,
    '    enable_script_security',
    '    script_user root',
    '}',
    '',
    'vrrp_script chk_haproxy {',
    `    script "${HAPROXY_CHECK_PATH}"`,
    '    interval 2',
    '    fall 2',
    '    rise 2',
    '    weight -30',
    '}',
    '',
  ];
  ctx.design.vips.forEach((vip, index) => {
    const network = ctx.networkById(vip.network);
    const nic = ctx.nicOn(node, vip.network) ?? { name: node.nics[0]?.name ?? 'eth0', address: null };
    const ownAddress = nic.address ?? ctx.address(node);
    const peers = lbs
      .filter((n) => n.id !== node.id)
      .map((n) => ctx.nicOn(n, vip.network)?.address ?? ctx.address(n));
    out.push(
      `vrrp_instance ${vip.id.replace(/[^A-Za-z0-9_]/g, '_')} {`,
      // All BACKUP + nopreempt: the VIP stays where it is when a higher-priority node comes back.
      '    state BACKUP',
      '    nopreempt',
      `    interface ${nic.name}`,
      `    virtual_router_id ${virtualRouterId(index)}`,
      `    priority ${Math.max(1, 150 - rank * 10)}`,
      '    advert_int 1',
      `    unicast_src_ip ${ownAddress}`,
      '    unicast_peer {',
      ...peers.map((p) => `        ${p}`),
      '    }',
      '    authentication {',
      '        auth_type PASS',
      `        auth_pass ${ref(SECRET.keepalived)}`,
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
  });
  return out.join('\n');
}
