import { useState } from 'react';
import { NetworkPurpose, type DesignNetwork, type Role } from '../../../../shared/design/schema';
import { ROLE_COLOURS, ROLE_LABELS } from '../../../../shared/design/drawing';
import { EMPTY_SELECTION, addNetwork, addNode, addVip } from '../../../../shared/design/topology';
import { useStore } from '../../store';

/** Roles offered in the palette, in the order a cloud is usually built. */
const PALETTE_ROLES: Role[] = [
  'controller',
  'compute',
  'network',
  'ceph-osd',
  'ceph-mon',
  'gluster',
  'swift-storage',
  'swift-proxy',
  'load-balancer',
  'arbitrator',
  'database',
  'messaging',
  'monitoring',
];

const PURPOSE_LABELS: Record<DesignNetwork['purpose'], string> = {
  management: 'Management',
  api: 'API / public',
  tenant: 'Tenant overlay',
  provider: 'Provider / external',
  storage: 'Storage',
  'storage-replication': 'Storage replication',
  oob: 'Out-of-band / IPMI',
};

/** Buttons that add nodes by role, networks by purpose, and VIPs on a network. */
export function Palette() {
  const applyResult = useStore((s) => s.applyResult);
  const networks = useStore((s) => s.design.networks);
  const selectedNetwork = useStore((s) => s.selection.networks[0]);
  const [purpose, setPurpose] = useState<DesignNetwork['purpose']>('management');
  const vipNetwork = selectedNetwork ?? networks[0]?.id;
  return (
    <aside className="palette" aria-label="Palette">
      <h2>Add a node</h2>
      {PALETTE_ROLES.map((role) => (
        <button
          key={role}
          type="button"
          className="palette-item"
          onClick={() =>
            applyResult(addNode(useStore.getState().design, [role]), (id) => ({
              ...EMPTY_SELECTION,
              nodes: [id],
            }))
          }
        >
          <span className="swatch" style={{ background: ROLE_COLOURS[role] }} aria-hidden="true" />
          {ROLE_LABELS[role]}
        </button>
      ))}
      <h2>Add a network</h2>
      <label className="sr-only" htmlFor="palette-purpose">
        Network purpose
      </label>
      <select
        id="palette-purpose"
        value={purpose}
        onChange={(e) => setPurpose(NetworkPurpose.parse(e.target.value))}
      >
        {NetworkPurpose.options.map((p) => (
          <option key={p} value={p}>
            {PURPOSE_LABELS[p]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="palette-item"
        onClick={() =>
          applyResult(addNetwork(useStore.getState().design, purpose), (id) => ({
            ...EMPTY_SELECTION,
            networks: [id],
          }))
        }
      >
        Add network
      </button>
      <h2>Add a VIP</h2>
      <button
        type="button"
        className="palette-item"
        disabled={!vipNetwork}
        title={vipNetwork ? undefined : 'Add a network first'}
        onClick={() =>
          vipNetwork &&
          applyResult(addVip(useStore.getState().design, vipNetwork), (id) => ({
            ...EMPTY_SELECTION,
            vips: [id],
          }))
        }
      >
        Add VIP{vipNetwork ? ` on ${networks.find((n) => n.id === vipNetwork)?.name}` : ''}
      </button>
    </aside>
  );
}
