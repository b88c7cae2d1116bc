/**
 * The topology drawing as a standalone SVG document, drawn from the design with the canvas's geometry
 * (hosts on top, lanes below, NIC lines between). Pure: the renderer downloads it or rasterises it to PNG.
 */
import type { Design } from './schema';
import {
  HOST_HEIGHT,
  HOST_WIDTH,
  LANE_HEIGHT,
  ROLE_COLOURS,
  ROLE_LABELS,
  hostPosition,
  lanePosition,
} from './drawing';

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

const MARGIN = 40;
const LABEL_ROW = 24;

/** Renders `design` as an SVG document (UTF-8 text, with XML declaration). */
export function renderDesignSvg(design: Design): string {
  const hosts = design.nodes.map((node, i) => ({ node, ...hostPosition(design, node.id, i) }));
  const lanes = new Map(
    design.networks.map((n, i) => [n.id, { network: n, ...lanePosition(design, n.id, i) }]),
  );
  const xs: number[] = [0];
  const ys: number[] = [0];
  for (const h of hosts) {
    xs.push(h.x, h.x + HOST_WIDTH);
    ys.push(h.y, h.y + HOST_HEIGHT);
  }
  for (const l of lanes.values()) {
    xs.push(l.x, l.x + l.width);
    ys.push(l.y - 20, l.y + LANE_HEIGHT);
  }
  const minX = Math.min(...xs) - MARGIN;
  const minY = Math.min(...ys) - MARGIN;
  const width = Math.max(...xs) - minX + MARGIN;
  const height = Math.max(...ys) - minY + MARGIN;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<title>${xmlEscape(design.name)}</title>`);
  out.push(`<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`);
  for (const lane of lanes.values()) {
    const n = lane.network;
    const facts = [n.purpose, n.cidr, n.vlan ? `VLAN ${n.vlan}` : 'untagged', `MTU ${n.mtu}`].join(' · ');
    const vips = design.vips
      .filter((v) => v.network === n.id)
      .map((v) => `VIP ${v.name} ${v.address}`)
      .join('   ');
    out.push(`<g class="lane" data-network="${xmlEscape(n.id)}">`);
    out.push(
      `<rect x="${lane.x}" y="${lane.y}" width="${lane.width}" height="${LANE_HEIGHT}" rx="6" fill="#f1f5f9" stroke="#94a3b8"/>`,
    );
    out.push(
      `<rect x="${lane.x + 8}" y="${lane.y + LABEL_ROW + 12}" width="${lane.width - 16}" height="8" rx="4" fill="#64748b"/>`,
    );
    out.push(
      `<text x="${lane.x + 10}" y="${lane.y + 16}"><tspan font-weight="bold">${xmlEscape(n.name)}</tspan>  ${xmlEscape(facts)}${vips ? `  ${xmlEscape(vips)}` : ''}</text>`,
    );
    out.push('</g>');
  }
  for (const h of hosts) {
    h.node.nics.forEach((nic, slot) => {
      const lane = lanes.get(nic.network);
      if (!lane) return;
      const x = h.x + HOST_WIDTH / 2 + (slot - (h.node.nics.length - 1) / 2) * 14;
      const endX = Math.min(Math.max(x, lane.x + 12), lane.x + lane.width - 12);
      const bus = lane.y + LABEL_ROW + 16;
      const top = h.y + HOST_HEIGHT;
      const d =
        endX === x
          ? `M ${x} ${top} L ${x} ${bus}`
          : `M ${x} ${top} L ${x} ${lane.y - 12} L ${endX} ${lane.y - 12} L ${endX} ${bus}`;
      out.push(`<path d="${d}" fill="none" stroke="#475569" stroke-width="1.5"/>`);
      out.push(
        `<text x="${endX}" y="${lane.y - 4}" text-anchor="middle" font-size="10" fill="#334155">${xmlEscape(`${nic.name} ${nic.address ?? ''}`.trim())}</text>`,
      );
    });
  }
  for (const h of hosts) {
    const roles = h.node.roles;
    out.push(`<g class="host" data-node="${xmlEscape(h.node.id)}">`);
    out.push(
      `<rect x="${h.x}" y="${h.y}" width="${HOST_WIDTH}" height="${HOST_HEIGHT}" rx="8" fill="#ffffff" stroke="#334155"/>`,
    );
    roles.forEach((role, i) => {
      const w = HOST_WIDTH / roles.length;
      out.push(`<rect x="${h.x + i * w}" y="${h.y}" width="${w}" height="6" fill="${ROLE_COLOURS[role]}"/>`);
    });
    out.push(
      `<text x="${h.x + 10}" y="${h.y + 28}" font-size="14" font-weight="bold">${xmlEscape(h.node.hostname)}</text>`,
    );
    out.push(
      `<text x="${h.x + 10}" y="${h.y + 48}" font-size="10" fill="#475569">${xmlEscape(roles.map((r) => ROLE_LABELS[r]).join(', ') || 'no role')}</text>`,
    );
    if (h.node.ssh) {
      out.push(
        `<text x="${h.x + 10}" y="${h.y + 66}" font-size="10" fill="#64748b">${xmlEscape(`${h.node.ssh.user}@${h.node.ssh.host}`)}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
