/**
 * Geometry of the topology drawing, shared by the canvas and the SVG export so both draw the same picture:
 * hosts in rows at the top, each network a horizontal lane (bus) below them, each NIC a line from a host
 * down to its lane.
 */
import type { Design, Role } from './schema';

/** Host box size on the canvas, in canvas units. */
export const HOST_WIDTH = 176;
/** Host box height, in canvas units. */
export const HOST_HEIGHT = 92;
/** Horizontal distance between host boxes placed automatically. */
export const HOST_GAP_X = 208;
/** Vertical distance between host rows placed automatically. */
export const HOST_GAP_Y = 150;
/** Hosts per row when placed automatically: wide enough for a rack, narrow enough to read at fit zoom. */
export const HOSTS_PER_ROW = 12;
/** Height of a network lane: a label row and the bus. */
export const LANE_HEIGHT = 56;
/** Vertical space between lanes: room for the NIC labels above each bus. */
export const LANE_GAP = 84;
/** Space between the last host row and the first lane. */
export const LANE_TOP_MARGIN = 90;

/** Colours by role, used for the role badges on a host. */
export const ROLE_COLOURS: Record<Role, string> = {
  controller: '#2563eb',
  compute: '#059669',
  network: '#d97706',
  database: '#7c3aed',
  messaging: '#db2777',
  'load-balancer': '#0891b2',
  arbitrator: '#64748b',
  'ceph-mon': '#b91c1c',
  'ceph-osd': '#dc2626',
  gluster: '#9333ea',
  monitoring: '#4d7c0f',
  'swift-proxy': '#0f766e',
  'swift-storage': '#115e59',
};

/** Short labels for role badges. */
export const ROLE_LABELS: Record<Role, string> = {
  controller: 'Controller',
  compute: 'Compute',
  network: 'Network',
  database: 'Database',
  messaging: 'Messaging',
  'load-balancer': 'Load balancer',
  arbitrator: 'garbd arbitrator',
  'ceph-mon': 'Ceph monitor',
  'ceph-osd': 'Ceph OSD',
  gluster: 'GlusterFS brick',
  monitoring: 'Monitoring',
  'swift-proxy': 'Swift proxy',
  'swift-storage': 'Swift storage',
};

/** Where the `index`-th host goes when it has no stored position. */
export function defaultHostPosition(index: number): { x: number; y: number } {
  return { x: (index % HOSTS_PER_ROW) * HOST_GAP_X, y: Math.floor(index / HOSTS_PER_ROW) * HOST_GAP_Y };
}

/** A host's position: stored, or the default for its index. */
export function hostPosition(design: Design, id: string, index: number): { x: number; y: number } {
  return design.layout.nodes[id] ?? defaultHostPosition(index);
}

/** The y of the first lane: below the lowest host. */
export function lanesTop(design: Design): number {
  let bottom = 0;
  design.nodes.forEach((node, index) => {
    bottom = Math.max(bottom, hostPosition(design, node.id, index).y + HOST_HEIGHT);
  });
  return bottom + LANE_TOP_MARGIN;
}

/** Width that spans every host, used for lanes with no stored width. */
export function defaultLaneWidth(design: Design): number {
  let right = HOST_WIDTH;
  design.nodes.forEach((node, index) => {
    right = Math.max(right, hostPosition(design, node.id, index).x + HOST_WIDTH);
  });
  return right + 80;
}

/** A lane's position and width: stored, or stacked below the hosts. */
export function lanePosition(
  design: Design,
  id: string,
  index: number,
): { x: number; y: number; width: number } {
  return (
    design.layout.networks[id] ?? {
      x: -40,
      y: lanesTop(design) + index * (LANE_HEIGHT + LANE_GAP),
      width: defaultLaneWidth(design),
    }
  );
}
