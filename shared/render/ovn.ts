/**
 * OVN central: the northbound and southbound databases as Raft clusters over TCP on the OVN central nodes
 * (the controllers), and ovn-northd pointed at every member. Written to Debian's /etc/default/ovn-central
 * (ovn-ctl options), which the ovn-central unit reads.
 */
import type { DesignNode } from '../design/schema';
import type { Topology } from '../topology';

/** Northbound and southbound database ports (clients), and their Raft ports (members). */
export const OVN_NB_PORT = 6641;
export const OVN_SB_PORT = 6642;

/** `tcp:a:6641,tcp:b:6641,…`: every member of one database. */
export function ovnConnection(ctx: Topology, port: number): string {
  return ctx.facts.neutron.ovnCentral.map((n) => `tcp:${ctx.address(n)}:${port}`).join(',');
}

/**
 * /etc/default/ovn-central for one central node. The first node creates both clusters; the others join it
 * (`--db-*-cluster-remote-addr`). Both databases listen on TCP on the node's own address so the Neutron
 * servers and every chassis reach them.
 */
export function renderOvnCentralDefaults(ctx: Topology, node: DesignNode): string {
  const central = ctx.facts.neutron.ovnCentral;
  const own = ctx.address(node);
  const first = central[0];
  const joining = first && first.id !== node.id ? ctx.address(first) : null;
  const opts = [
    `--db-nb-addr=${own}`,
    '--db-nb-create-insecure-remote=yes',
    `--db-sb-addr=${own}`,
    '--db-sb-create-insecure-remote=yes',
    `--db-nb-cluster-local-addr=${own}`,
    `--db-sb-cluster-local-addr=${own}`,
    ...(joining ? [`--db-nb-cluster-remote-addr=${joining}`, `--db-sb-cluster-remote-addr=${joining}`] : []),
    `--ovn-northd-nb-db=${ovnConnection(ctx, OVN_NB_PORT)}`,
    `--ovn-northd-sb-db=${ovnConnection(ctx, OVN_SB_PORT)}`,
  ];
  return ['# Written by Quorum.', `OVN_CTL_OPTS="${opts.join(' ')}"`, ''].join('\n');
}
