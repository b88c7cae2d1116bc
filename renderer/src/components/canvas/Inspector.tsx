import {
  NetworkPurpose,
  VipService,
  type DesignNetwork,
  type DesignVip,
} from '../../../../shared/design/schema';
import {
  addressProblem,
  gatewayProblem,
  mtuProblem,
  networkCidrProblem,
  vlanProblem,
} from '../../../../shared/design/field-checks';
import { isIPv4 } from '../../../../shared/design/ipv4';
import {
  EMPTY_SELECTION,
  addVip,
  changeNetworkCidr,
  updateNetwork,
  updateVip,
} from '../../../../shared/design/topology';
import { useStore } from '../../store';
import { DraftField } from './DraftField';
import { NodeInspector } from './NodeInspector';
import { NetworkName, textFieldProblem, VipName } from '../../../../shared/design/text-fields';

function NetworkInspector({ network }: { network: DesignNetwork }) {
  const updateDesign = useStore((s) => s.updateDesign);
  const applyResult = useStore((s) => s.applyResult);
  const vips = useStore((s) => s.design.vips);
  const key = (field: string) => `network:${network.id}:${field}`;
  const rangeCheck = (t: string) =>
    t === '' ? null : isIPv4(t) ? gatewayProblem(network, t) : 'not an IPv4 address';
  const setRange = (end: 'start' | 'end') => (d: Parameters<typeof updateNetwork>[0], t: string) => {
    const current = network.allocation ?? { start: '', end: '' };
    const next = { ...current, [end]: t };
    return updateNetwork(d, network.id, { allocation: next.start && next.end ? next : undefined });
  };
  return (
    <div className="inspector-body" data-testid="network-inspector">
      <h2>Network {network.name}</h2>
      <DraftField
        label="Network name"
        value={network.name}
        check={(t) => textFieldProblem(NetworkName, t)}
        commit={(d, t) => updateNetwork(d, network.id, { name: t })}
        historyKey={key('name')}
      />
      <div className="field">
        <label htmlFor={`purpose-${network.id}`}>Purpose</label>
        <select
          id={`purpose-${network.id}`}
          value={network.purpose}
          onChange={(e) =>
            updateDesign((d) =>
              updateNetwork(d, network.id, { purpose: NetworkPurpose.parse(e.target.value) }),
            )
          }
        >
          {NetworkPurpose.options.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <DraftField
        label="CIDR"
        value={network.cidr}
        check={networkCidrProblem}
        commit={(d, t) => changeNetworkCidr(d, network.id, t.trim())}
        historyKey={key('cidr')}
      />
      <DraftField
        label="VLAN"
        inputMode="numeric"
        placeholder="untagged"
        value={network.vlan ? String(network.vlan) : ''}
        check={vlanProblem}
        commit={(d, t) => updateNetwork(d, network.id, { vlan: t ? Number(t) : undefined })}
        historyKey={key('vlan')}
      />
      <DraftField
        label="MTU"
        inputMode="numeric"
        value={String(network.mtu)}
        check={mtuProblem}
        commit={(d, t) => updateNetwork(d, network.id, { mtu: Number(t) })}
        historyKey={key('mtu')}
      />
      <DraftField
        label="Gateway"
        value={network.gateway ?? ''}
        check={(t) => gatewayProblem(network, t)}
        commit={(d, t) => updateNetwork(d, network.id, { gateway: t || undefined })}
        historyKey={key('gateway')}
      />
      <DraftField
        label="Allocation start"
        value={network.allocation?.start ?? ''}
        check={rangeCheck}
        commit={setRange('start')}
        historyKey={key('alloc-start')}
      />
      <DraftField
        label="Allocation end"
        value={network.allocation?.end ?? ''}
        check={rangeCheck}
        commit={setRange('end')}
        historyKey={key('alloc-end')}
      />
      <p className="hint">
        VIPs here:{' '}
        {vips
          .filter((v) => v.network === network.id)
          .map((v) => `${v.name} (${v.address})`)
          .join(', ') || 'none'}
      </p>
      <button
        type="button"
        onClick={() =>
          applyResult(addVip(useStore.getState().design, network.id), (id) => ({
            ...EMPTY_SELECTION,
            vips: [id],
          }))
        }
      >
        Add VIP here
      </button>
    </div>
  );
}

function VipInspector({ vip }: { vip: DesignVip }) {
  const design = useStore((s) => s.design);
  const updateDesign = useStore((s) => s.updateDesign);
  const network = design.networks.find((n) => n.id === vip.network);
  return (
    <div className="inspector-body" data-testid="vip-inspector">
      <h2>VIP {vip.name}</h2>
      <DraftField
        label="VIP name"
        value={vip.name}
        check={(t) => textFieldProblem(VipName, t)}
        commit={(d, t) => updateVip(d, vip.id, { name: t })}
        historyKey={`vip:${vip.id}:name`}
      />
      <p className="hint">On {network?.name ?? vip.network}</p>
      {network && (
        <DraftField
          label="VIP address"
          value={vip.address}
          check={(t) => addressProblem(design, network, t, { kind: 'vip', id: vip.id })}
          commit={(d, t) => updateVip(d, vip.id, { address: t })}
          historyKey={`vip:${vip.id}:address`}
        />
      )}
      <fieldset className="roles">
        <legend>Services it fronts</legend>
        {VipService.options.map((service) => (
          <label key={service} className="check">
            <input
              type="checkbox"
              checked={vip.services.includes(service)}
              onChange={() =>
                updateDesign((d) =>
                  updateVip(d, vip.id, {
                    services: vip.services.includes(service)
                      ? vip.services.filter((s) => s !== service)
                      : [...vip.services, service],
                  }),
                )
              }
            />
            {service}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

function Summary() {
  const nodes = useStore((s) => s.design.nodes.length);
  const networks = useStore((s) => s.design.networks.length);
  const vips = useStore((s) => s.design.vips.length);
  return (
    <div className="inspector-body">
      <h2>Topology</h2>
      <dl className="counts" data-testid="design-counts">
        <div>
          <dt>Nodes</dt>
          <dd>{nodes}</dd>
        </div>
        <div>
          <dt>Networks</dt>
          <dd>{networks}</dd>
        </div>
        <div>
          <dt>VIPs</dt>
          <dd>{vips}</dd>
        </div>
      </dl>
      <p className="hint">
        Add nodes and networks from the palette. Drag from a node’s bottom handle onto a network to give it a
        NIC (or use Connect in the node’s inspector). Click anything to edit it; press ? for shortcuts.
      </p>
    </div>
  );
}

/** The panel beside the canvas: the selected thing's fields, a multi-selection's actions, or a summary. */
export function Inspector() {
  const selection = useStore((s) => s.selection);
  const design = useStore((s) => s.design);
  const count = selection.nodes.length + selection.networks.length + selection.vips.length;
  let body = <Summary />;
  if (count > 1) {
    body = (
      <div className="inspector-body" data-testid="multi-inspector">
        <h2>{count} items selected</h2>
        <p className="hint">
          {selection.nodes.length} nodes, {selection.networks.length} networks, {selection.vips.length} VIPs
        </p>
        <div className="button-row">
          <button
            type="button"
            onClick={() => useStore.getState().copySelection()}
            disabled={!selection.nodes.length}
          >
            Copy nodes
          </button>
          <button type="button" className="danger" onClick={() => useStore.getState().deleteSelection()}>
            Delete {count}
          </button>
        </div>
      </div>
    );
  } else if (count === 1) {
    const node = design.nodes.find((n) => n.id === selection.nodes[0]);
    const network = design.networks.find((n) => n.id === selection.networks[0]);
    const vip = design.vips.find((v) => v.id === selection.vips[0]);
    if (node) body = <NodeInspector key={node.id} node={node} />;
    else if (network) body = <NetworkInspector key={network.id} network={network} />;
    else if (vip) body = <VipInspector key={vip.id} vip={vip} />;
    if (node || network || vip)
      body = (
        <>
          {body}
          <button
            type="button"
            className="danger delete-button"
            onClick={() => useStore.getState().deleteSelection()}
          >
            Delete {node ? node.hostname : network ? network.name : vip?.name}
          </button>
        </>
      );
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
