import { useId, useState } from 'react';
import { Role, type DesignNode } from '../../../../shared/design/schema';
import { ROLE_LABELS } from '../../../../shared/design/drawing';
import { addressProblem, hostnameProblem } from '../../../../shared/design/field-checks';
import {
  EMPTY_SELECTION,
  connectNode,
  removeNic,
  toggleRole,
  updateNic,
  updateNode,
} from '../../../../shared/design/topology';
import { useStore } from '../../store';
import { DraftField } from './DraftField';
import {
  HostOrAddress,
  LocalPath,
  ProxyJump,
  textFieldProblem,
  UserName,
  ZoneName,
} from '../../../../shared/design/text-fields';

const NIC_NAME = /^[a-zA-Z][a-zA-Z0-9_.:-]{0,14}$/;
const BOND_MODES = ['active-backup', '802.3ad', 'balance-alb', 'balance-tlb'] as const;

function sshPatch(node: DesignNode, patch: Partial<NonNullable<DesignNode['ssh']>>): Partial<DesignNode> {
  const ssh = { host: node.hostname, port: 22, user: 'root', ...node.ssh, ...patch };
  for (const key of ['identityFile', 'proxyJump'] as const) if (ssh[key] === '') delete ssh[key];
  return { ssh };
}

function Nics({ node }: { node: DesignNode }) {
  const design = useStore((s) => s.design);
  const updateDesign = useStore((s) => s.updateDesign);
  const applyResult = useStore((s) => s.applyResult);
  const free = design.networks.filter((n) => !node.nics.some((nic) => nic.network === n.id));
  const [target, setTarget] = useState('');
  const connectId = useId();
  const chosen = free.some((n) => n.id === target) ? target : (free[0]?.id ?? '');
  return (
    <section className="inspector-section" aria-label="NICs">
      <h3>NICs</h3>
      {node.nics.map((nic, index) => {
        const network = design.networks.find((n) => n.id === nic.network);
        return (
          <fieldset key={`${index}-${nic.network}`} className="nic" data-testid={`nic-${node.id}-${index}`}>
            <legend>
              {nic.name} on {network?.name ?? nic.network}
            </legend>
            <DraftField
              label="Interface"
              ariaLabel={`Interface name of NIC ${index + 1}`}
              value={nic.name}
              check={(t) => (NIC_NAME.test(t) ? null : 'not an interface name (e.g. eth1, ens4, bond0)')}
              commit={(d, t) => updateNic(d, node.id, index, { name: t })}
              historyKey={`nic:${node.id}:${index}:name`}
            />
            {network && (
              <DraftField
                label="Address"
                ariaLabel={`Address of NIC ${index + 1}`}
                value={nic.address ?? ''}
                check={(t) => addressProblem(design, network, t, { kind: 'nic', id: node.id })}
                commit={(d, t) => updateNic(d, node.id, index, { address: t })}
                historyKey={`nic:${node.id}:${index}:address`}
              />
            )}
            <div className="field">
              <label htmlFor={`${connectId}-bond-${index}`}>Bonding</label>
              <select
                id={`${connectId}-bond-${index}`}
                value={nic.bond?.mode ?? ''}
                onChange={(e) => {
                  const mode = e.target.value as (typeof BOND_MODES)[number] | '';
                  updateDesign((d) =>
                    updateNic(d, node.id, index, {
                      bond: mode ? { mode, members: nic.bond?.members ?? ['eth0', 'eth1'] } : undefined,
                    }),
                  );
                }}
              >
                <option value="">No bond</option>
                {BOND_MODES.map((m) => (
                  <option key={m} value={m}>
                    bond: {m}
                  </option>
                ))}
              </select>
            </div>
            {nic.bond && (
              <DraftField
                label="Bond members (comma-separated)"
                value={nic.bond.members.join(',')}
                check={(t) =>
                  t.split(',').filter(Boolean).length >= 2 ? null : 'a bond needs at least 2 members'
                }
                commit={(d, t) =>
                  updateNic(d, node.id, index, {
                    bond: {
                      mode: nic.bond!.mode,
                      members: t
                        .split(',')
                        .map((m) => m.trim())
                        .filter(Boolean),
                    },
                  })
                }
                historyKey={`nic:${node.id}:${index}:bond`}
              />
            )}
            <button type="button" onClick={() => updateDesign((d) => removeNic(d, node.id, index))}>
              Remove {nic.name}
            </button>
          </fieldset>
        );
      })}
      {free.length > 0 ? (
        <div className="connect-row">
          <label htmlFor={connectId}>Connect to network</label>
          <select id={connectId} value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {free.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name} ({n.cidr})
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() =>
              applyResult(connectNode(useStore.getState().design, node.id, chosen), () => ({
                ...EMPTY_SELECTION,
                nodes: [node.id],
              }))
            }
          >
            Connect
          </button>
        </div>
      ) : (
        <p className="hint">
          {design.networks.length ? 'On every network.' : 'Add a network to connect this node.'}
        </p>
      )}
    </section>
  );
}

/** Fields of one node: host name, roles, zone, SSH endpoint, NICs. */
export function NodeInspector({ node }: { node: DesignNode }) {
  const design = useStore((s) => s.design);
  const updateDesign = useStore((s) => s.updateDesign);
  return (
    <div className="inspector-body" data-testid="node-inspector">
      <h2>Node {node.hostname}</h2>
      <DraftField
        label="Host name"
        value={node.hostname}
        check={(t) => hostnameProblem(design, node.id, t)}
        commit={(d, t) => updateNode(d, node.id, { hostname: t })}
        historyKey={`node:${node.id}:hostname`}
      />
      <fieldset className="roles">
        <legend>Roles</legend>
        {Role.options.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={node.roles.includes(role)}
              onChange={() => updateDesign((d) => toggleRole(d, node.id, role))}
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      <DraftField
        label="Failure zone (rack, room)"
        value={node.zone ?? ''}
        check={(t) => textFieldProblem(ZoneName, t, { optional: true })}
        commit={(d, t) => updateNode(d, node.id, { zone: t || undefined })}
        historyKey={`node:${node.id}:zone`}
      />
      <section className="inspector-section" aria-label="SSH">
        <h3>SSH endpoint</h3>
        <DraftField
          label="SSH host"
          value={node.ssh?.host ?? ''}
          placeholder={node.hostname}
          check={(t) => textFieldProblem(HostOrAddress, t, { optional: true })}
          commit={(d, t) => updateNode(d, node.id, t ? sshPatch(node, { host: t }) : { ssh: undefined })}
          historyKey={`node:${node.id}:ssh-host`}
        />
        {node.ssh && (
          <>
            <DraftField
              label="SSH port"
              inputMode="numeric"
              value={String(node.ssh.port)}
              check={(t) => (/^\d+$/.test(t) && +t >= 1 && +t <= 65535 ? null : 'a port is 1–65535')}
              commit={(d, t) => updateNode(d, node.id, sshPatch(node, { port: Number(t) }))}
              historyKey={`node:${node.id}:ssh-port`}
            />
            <DraftField
              label="SSH user"
              value={node.ssh.user}
              check={(t) => textFieldProblem(UserName, t)}
              commit={(d, t) => updateNode(d, node.id, sshPatch(node, { user: t }))}
              historyKey={`node:${node.id}:ssh-user`}
            />
            <DraftField
              label="Identity file (path only, never the key)"
              value={node.ssh.identityFile ?? ''}
              placeholder="~/.ssh/id_ed25519"
              check={(t) => textFieldProblem(LocalPath, t, { optional: true })}
              commit={(d, t) => updateNode(d, node.id, sshPatch(node, { identityFile: t }))}
              historyKey={`node:${node.id}:ssh-identity`}
            />
            <DraftField
              label="ProxyJump"
              value={node.ssh.proxyJump ?? ''}
              check={(t) => textFieldProblem(ProxyJump, t, { optional: true })}
              commit={(d, t) => updateNode(d, node.id, sshPatch(node, { proxyJump: t }))}
              historyKey={`node:${node.id}:ssh-jump`}
            />
          </>
        )}
      </section>
      <Nics node={node} />
    </div>
  );
}
