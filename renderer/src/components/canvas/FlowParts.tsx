import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { ROLE_COLOURS, ROLE_LABELS } from '../../../../shared/design/drawing';
import { EMPTY_SELECTION } from '../../../../shared/design/topology';
import type { Role } from '../../../../shared/design/schema';
import type { HostFlowNode, LaneFlowNode } from '../../canvas/flow-model';
import { useStore as useAppStore } from '../../store';
import { placementOn } from '../../canvas/placement';

/** Short badge text per role; the full name is the badge's title. */
export const ROLE_SHORT: Record<Role, string> = {
  controller: 'CTRL',
  compute: 'COMP',
  network: 'NET',
  database: 'DB',
  messaging: 'MQ',
  'load-balancer': 'LB',
  arbitrator: 'GARBD',
  'ceph-mon': 'MON',
  'ceph-osd': 'OSD',
  gluster: 'GLUSTER',
  monitoring: 'MONITOR',
  'swift-proxy': 'SWIFT-P',
  'swift-storage': 'SWIFT',
};

/** A host: its name, a stripe and badges per role, and where Quorum reaches it. */
export const HostNode = memo(function HostNode({ data, selected }: NodeProps<HostFlowNode>) {
  const { node } = data;
  // Boolean selectors: a host re-renders only when its own state flips.
  const highlighted = useAppStore((s) => s.highlightedNodes.includes(node.id));
  const failed = useAppStore((s) => s.failedNodes.includes(node.id));
  // The placement overlay: what runs here, who votes, who holds each VIP (null when the overlay is off).
  const placed = useAppStore((s) => (s.placementShown ? placementOn(s.design, node.id) : null));
  const stripe = node.roles.length
    ? `linear-gradient(to right, ${node.roles
        .map(
          (r, i) =>
            `${ROLE_COLOURS[r]} ${(i / node.roles.length) * 100}% ${((i + 1) / node.roles.length) * 100}%`,
        )
        .join(', ')})`
    : 'var(--border)';
  return (
    <div
      className={`host${selected ? ' selected' : ''}${highlighted ? ' highlighted' : ''}${failed ? ' failed' : ''}`}
      data-testid={`host-${node.id}`}
      data-failed={failed || undefined}
      aria-label={`${node.hostname}: ${node.roles.map((r) => ROLE_LABELS[r]).join(', ') || 'no role'}`}
    >
      <div className="host-stripe" style={{ background: stripe }} />
      <div className="host-name">
        {node.hostname}
        {failed && <span className="down-badge">down</span>}
      </div>
      {placed ? (
        <div className="host-services" data-testid={`placement-${node.id}`}>
          {placed.map((p) => (
            <span key={p.label} className={`service-chip ${p.kind}`} title={p.title}>
              {p.label}
            </span>
          ))}
          {!placed.length && <span className="muted">runs no clustered service</span>}
        </div>
      ) : (
        <>
          <div className="host-roles" title={node.roles.map((r) => ROLE_LABELS[r]).join(', ') || undefined}>
            {node.roles.map((r) => (
              <span
                key={r}
                className="role-badge"
                style={{ background: ROLE_COLOURS[r] }}
                title={ROLE_LABELS[r]}
              >
                {ROLE_SHORT[r]}
              </span>
            ))}
            {!node.roles.length && <span className="muted">no role</span>}
          </div>
          <div className="host-meta">
            {node.ssh
              ? `${node.ssh.user}@${node.ssh.host}${node.ssh.port !== 22 ? `:${node.ssh.port}` : ''}`
              : ''}
          </div>
        </>
      )}
      <Handle type="source" position={Position.Bottom} className="host-handle" title="Drag to a network" />
    </div>
  );
});

const PURPOSE_LABELS: Record<string, string> = {
  management: 'management',
  api: 'API / public',
  tenant: 'tenant overlay',
  provider: 'provider / external',
  storage: 'storage',
  'storage-replication': 'storage replication',
  oob: 'out-of-band / IPMI',
};

/** A network drawn as a bus: name, purpose, CIDR, VLAN, MTU, and its VIPs as chips. */
export const LaneNode = memo(function LaneNode({ data, selected }: NodeProps<LaneFlowNode>) {
  const { network, vips, selectedVips } = data;
  const select = useAppStore((s) => s.select);
  const failed = useAppStore((s) => s.failedNetworks.includes(network.id));
  return (
    <div
      className={`lane lane-${network.purpose}${selected ? ' selected' : ''}${failed ? ' failed' : ''}`}
      data-testid={`lane-${network.id}`}
      data-failed={failed || undefined}
      aria-label={`network ${network.name}`}
    >
      <div className="lane-label">
        <strong>{network.name}</strong>
        <span className="lane-facts">
          {PURPOSE_LABELS[network.purpose]} · {network.cidr} ·{' '}
          {network.vlan ? `VLAN ${network.vlan}` : 'untagged'} · MTU {network.mtu}
          {network.gateway ? ` · gw ${network.gateway}` : ''}
        </span>
        <span className="lane-vips">
          {vips.map((vip) => (
            <button
              key={vip.id}
              type="button"
              className={`vip-chip nodrag${selectedVips.includes(vip.id) ? ' selected' : ''}`}
              data-testid={`vip-${vip.id}`}
              title={vip.services.join(', ') || 'no services yet'}
              onClick={(event) => {
                event.stopPropagation();
                select({ ...EMPTY_SELECTION, vips: [vip.id] });
              }}
            >
              VIP {vip.name} {vip.address}
            </button>
          ))}
        </span>
      </div>
      <div className="lane-bus">
        <Handle type="target" position={Position.Top} className="lane-handle" isConnectableStart={false} />
      </div>
    </div>
  );
});
