/**
 * Auto-layout with dagre: hosts on top grouped by their main role, networks as lanes below. dagre orders the
 * hosts within the layered graph (host → network per NIC) to keep NICs of neighbours on the same lanes close,
 * then hosts are wrapped into rows and lanes stacked by purpose.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { Design, Role } from '../../../shared/design/schema';
import {
  HOST_GAP_X,
  HOST_GAP_Y,
  HOST_HEIGHT,
  HOST_WIDTH,
  HOSTS_PER_ROW,
  LANE_GAP,
  LANE_HEIGHT,
  LANE_TOP_MARGIN,
} from '../../../shared/design/drawing';

const ROLE_ORDER: Role[] = [
  'load-balancer',
  'controller',
  'database',
  'messaging',
  'arbitrator',
  'network',
  'ceph-mon',
  'ceph-osd',
  'gluster',
  'swift-proxy',
  'swift-storage',
  'compute',
  'monitoring',
];
const PURPOSE_ORDER = ['oob', 'management', 'api', 'provider', 'tenant', 'storage', 'storage-replication'];

function mainRole(roles: Role[]): number {
  const ranks = roles.map((r) => ROLE_ORDER.indexOf(r));
  // The most "central" role decides: a controller that is also a network node sits with controllers.
  return ranks.length ? Math.min(...ranks) : ROLE_ORDER.length;
}

/** A design with every host and lane placed; only `layout` changes. */
export function autoLayout(design: Design): Design {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 120 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of design.nodes) graph.setNode(node.id, { width: HOST_WIDTH, height: HOST_HEIGHT });
  for (const network of design.networks)
    graph.setNode(`net:${network.id}`, { width: 40, height: LANE_HEIGHT });
  for (const node of design.nodes) {
    for (const nic of node.nics) graph.setEdge(node.id, `net:${nic.network}`);
  }
  layout(graph);
  const x = (id: string) => graph.node(id)?.x ?? 0;
  const hosts = [...design.nodes].sort((a, b) => mainRole(a.roles) - mainRole(b.roles) || x(a.id) - x(b.id));
  const nodes: Design['layout']['nodes'] = {};
  hosts.forEach((node, i) => {
    nodes[node.id] = { x: (i % HOSTS_PER_ROW) * HOST_GAP_X, y: Math.floor(i / HOSTS_PER_ROW) * HOST_GAP_Y };
  });
  const rows = Math.max(1, Math.ceil(hosts.length / HOSTS_PER_ROW));
  const columns = Math.max(1, Math.min(hosts.length, HOSTS_PER_ROW));
  const width = (columns - 1) * HOST_GAP_X + HOST_WIDTH + 80;
  const top = (rows - 1) * HOST_GAP_Y + HOST_HEIGHT + LANE_TOP_MARGIN;
  const lanes = [...design.networks].sort(
    (a, b) =>
      PURPOSE_ORDER.indexOf(a.purpose) - PURPOSE_ORDER.indexOf(b.purpose) ||
      x(`net:${a.id}`) - x(`net:${b.id}`),
  );
  const networks: Design['layout']['networks'] = {};
  lanes.forEach((network, i) => {
    networks[network.id] = { x: -40, y: top + i * (LANE_HEIGHT + LANE_GAP), width };
  });
  return { ...design, layout: { nodes, networks } };
}
