/**
 * Helpers the phase modules use to add steps: action constructors, target resolution, and a builder that
 * chains steps in the order they are added (each group depends on the group before it, per node where
 * both groups are per-node over the same nodes, so a 500-node plan stays linear in size).
 */
import type { DesignNode, Role } from '../design/schema';
import type { Topology } from '../topology';
import type { Action, Expectation, Phase, Step, StepMode, TargetSelector } from './types';

/** Run a shell command (as root). */
export function run(command: string, timeoutMs?: number): Action {
  return { kind: 'run', command, sudo: true, okExitCodes: [0], ...(timeoutMs ? { timeoutMs } : {}) };
}

/** Write a file atomically. */
export function write(path: string, content: string, mode = '0644', owner = 'root', group = 'root'): Action {
  return { kind: 'write-file', path, content, mode, owner, group, sudo: true };
}

/** Check a command's output, retried while clusters form (never a fixed sleep). */
export function check(
  command: string,
  expect: Expectation,
  description: string,
  retry: { attempts: number; intervalMs: number } = { attempts: 60, intervalMs: 2000 },
): Action {
  return { kind: 'check', command, expect, sudo: true, retry, description };
}

/** `systemctl enable --now` for units, then a check that each is active. */
export function enableNow(units: readonly string[]): Action[] {
  return [
    run(`systemctl enable --now ${units.join(' ')}`),
    check(
      `systemctl is-active ${units.join(' ')}`,
      { kind: 'stdout-matches', pattern: '^(active\\s*)+$' },
      'services active',
      {
        attempts: 15,
        intervalMs: 2000,
      },
    ),
  ];
}

/** `systemctl restart` (config changed), then a check that each is active. */
export function restart(units: readonly string[]): Action[] {
  return [
    run(`systemctl restart ${units.join(' ')}`),
    check(
      `systemctl is-active ${units.join(' ')}`,
      { kind: 'stdout-matches', pattern: '^(active\\s*)+$' },
      'services active',
      {
        attempts: 15,
        intervalMs: 2000,
      },
    ),
  ];
}

/** What a phase module hands to the builder for one step (targets by selector or explicit nodes). */
export interface StepSpec {
  id: string;
  title: string;
  why: string;
  guide: Step['guide'];
  selector: TargetSelector;
  nodes: DesignNode[];
  mode?: StepMode;
  actions: Action[];
  guard?: string | null;
  rerunSafe?: boolean;
  /** Explicit dependencies (ids); replaces the default "the group added before". */
  dependsOn?: string[];
}

/** Adds steps in the HA guide's order and links each group to the one before it. */
export class PlanBuilder {
  readonly steps: Step[] = [];
  private previous: { ids: string[]; byNode: Map<string, string> | null } = { ids: [], byNode: null };
  private phase: Phase = 'preflight';

  /**
   * @param openstack false compiles the HA infrastructure only (clusters, VIPs, storage), without the
   *   OpenStack services or their repositories: what training labs deploy.
   */
  constructor(
    readonly ctx: Topology,
    readonly openstack = true,
  ) {}

  /** Steps added from now on belong to `phase`. */
  enter(phase: Phase): void {
    this.phase = phase;
  }

  /** The selector for all nodes of a group, or the first / the others of it. */
  selector(kind: 'role' | 'first' | 'others', role: Role): TargetSelector {
    return { kind, role };
  }

  /** Adds one step (a group of one). */
  add(spec: StepSpec): string {
    this.addGroup([spec], false);
    return spec.id;
  }

  /**
   * Adds one step per node (ids `prefix:node-id`), for content that differs per node. The group depends
   * on the previous group; per node when that one was per-node over the same nodes.
   */
  perNode(
    prefix: string,
    nodes: DesignNode[],
    make: (node: DesignNode) => Omit<StepSpec, 'id' | 'selector' | 'nodes'>,
  ): string[] {
    const specs = nodes.map((node) => ({
      ...make(node),
      id: `${prefix}:${node.id}`,
      selector: { kind: 'node', node: node.id } as const,
      nodes: [node],
      mode: 'one' as const,
    }));
    this.addGroup(specs, true);
    return specs.map((s) => s.id);
  }

  private addGroup(all: StepSpec[], perNode: boolean): void {
    // A step for nobody (a role no node has) is left out rather than run nowhere.
    const specs = all.filter((s) => s.nodes.length > 0);
    if (specs.length === 0) return;
    const byNode = perNode ? new Map<string, string>() : null;
    for (const spec of specs) {
      let dependsOn = spec.dependsOn;
      if (!dependsOn) {
        const node = spec.nodes[0];
        const same = perNode && node && this.previous.byNode?.get(node.id);
        dependsOn = same ? [same] : this.previous.ids;
      }
      this.steps.push({
        id: spec.id,
        title: spec.title,
        phase: this.phase,
        why: spec.why,
        guide: spec.guide,
        targets: { selector: spec.selector, nodes: spec.nodes.map((n) => n.id) },
        mode: spec.mode ?? 'parallel',
        dependsOn,
        actions: spec.actions,
        guard: spec.guard ? { command: spec.guard, sudo: true } : null,
        rerunSafe: spec.rerunSafe ?? true,
      });
      if (byNode && spec.nodes[0]) byNode.set(spec.nodes[0].id, spec.id);
    }
    this.previous = { ids: specs.map((s) => s.id), byNode };
  }
}

/** Guide references: the OpenStack HA guide, the book and the field report (the seed documents). */
export const GUIDE = {
  ha: (section: string) => ({
    source: 'OpenStack High Availability Guide',
    section,
    url: 'https://docs.openstack.org/ha-guide/',
  }),
  book: (section: string) => ({ source: 'Learning OpenStack High Availability (Packt, 2015)', section }),
  field: (section: string) => ({ source: 'OpenStack: Upgrade to high availability (field report)', section }),
  install: (section: string) => ({
    source: 'OpenStack Installation Guide',
    section,
    url: 'https://docs.openstack.org/install-guide/',
  }),
} satisfies Record<string, (section: string) => Step['guide']>;
