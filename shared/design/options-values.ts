/**
 * Reading and writing option choices by group key, for the Options tab and the compatibility matrix.
 */
import { Options, RELEASES, type Design, type DesignOptions } from './schema';
import { addNode } from './topology';
import type { OptionKey } from './options-catalog';

/** The current value of a group in `design`, as a choice value. */
export function optionValue(design: Design, key: OptionKey): string {
  const o = design.options;
  switch (key) {
    case 'arbitrator':
      return o.arbitrator.mode === 'node' ? `node:${o.arbitrator.node}` : 'none';
    case 'messaging':
      return o.messaging.mode === 'mirrored' ? `mirrored-${o.messaging.haMode}` : o.messaging.mode;
    case 'storage.images':
      return o.storage.images;
    case 'storage.volumes':
      return o.storage.volumes;
    case 'storage.instances':
      return o.storage.instances;
    case 'cluster.twoNode':
      return o.cluster?.twoNode ? 'on' : 'off';
    case 'cluster.noQuorumPolicy':
      return o.cluster?.noQuorumPolicy ?? 'stop';
    case 'distro':
      return design.distro;
    case 'release':
      return design.release;
    default:
      return o[key];
  }
}

function withOptions(design: Design, options: Partial<DesignOptions>): Design {
  return { ...design, options: { ...design.options, ...options } };
}

/**
 * Sets one choice. `arbitrator` takes `none`, `node:<id>` or `dedicated` (adds a small node with the
 * arbitrator role and places garbd on it). Values a group does not know are ignored.
 */
export function applyOption(design: Design, key: OptionKey, value: string): Design {
  const o = design.options;
  const cluster = { twoNode: false, noQuorumPolicy: 'stop' as const, ...o.cluster };
  switch (key) {
    case 'arbitrator': {
      if (value === 'none') return withOptions(design, { arbitrator: { mode: 'none' } });
      if (value === 'dedicated') {
        const added = addNode(design, ['arbitrator']);
        if (!added.ok) return design;
        return withOptions(added.design, { arbitrator: { mode: 'node', node: added.created } });
      }
      const node = value.startsWith('node:') ? value.slice(5) : '';
      if (!design.nodes.some((n) => n.id === node)) return design;
      return withOptions(design, { arbitrator: { mode: 'node', node } });
    }
    case 'messaging':
      if (value === 'mirrored-all')
        return withOptions(design, { messaging: { mode: 'mirrored', haMode: 'all' } });
      if (value === 'mirrored-exactly')
        return withOptions(design, { messaging: { mode: 'mirrored', haMode: 'exactly', count: 2 } });
      if (value === 'quorum-queues' || value === 'pacemaker' || value === 'drbd')
        return withOptions(design, { messaging: { mode: value } });
      return design;
    case 'storage.images':
    case 'storage.volumes':
    case 'storage.instances': {
      const use = key.slice('storage.'.length);
      return withOptions(design, { storage: { ...o.storage, [use]: value } });
    }
    case 'cluster.twoNode':
      return withOptions(design, { cluster: { ...cluster, twoNode: value === 'on' } });
    case 'cluster.noQuorumPolicy':
      if (value !== 'stop' && value !== 'freeze' && value !== 'ignore') return design;
      return withOptions(design, { cluster: { ...cluster, noQuorumPolicy: value } });
    case 'distro':
      return value === 'debian' || value === 'rhel' || value === 'suse'
        ? { ...design, distro: value }
        : design;
    case 'release':
      return (RELEASES as readonly string[]).includes(value)
        ? { ...design, release: value as Design['release'] }
        : design;
    default: {
      const parsed = Options.shape[key].safeParse(value);
      return parsed.success ? withOptions(design, { [key]: parsed.data }) : design;
    }
  }
}

/** Sets N of `ha-mode: exactly N` (2–9 copies); a no-op unless that mode is chosen. */
export function setMirroredCount(design: Design, count: number): Design {
  const messaging = design.options.messaging;
  if (messaging.mode !== 'mirrored' || messaging.haMode !== 'exactly') return design;
  if (!Number.isInteger(count) || count < 2 || count > 9) return design;
  return withOptions(design, { messaging: { ...messaging, count } });
}
