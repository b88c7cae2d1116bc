/**
 * Dry run: every command and file a plan would run or write, per node, in run order. Pure: it never
 * connects anywhere, and secrets stay as `{{secret:NAME}}` references.
 */
import type { Plan } from '../plan/types';
import { stepNodes } from './run-state';

/** One thing a dry run lists. */
export type DryRunItem =
  | { kind: 'guard' | 'run' | 'check'; step: string; command: string; sudo: boolean }
  | {
      kind: 'write-file';
      step: string;
      path: string;
      owner: string;
      group: string;
      mode: string;
      content: string;
      sudo: boolean;
    };

export interface DryRunNode {
  node: string;
  hostname: string;
  items: DryRunItem[];
}

/** Steps in an order that respects `dependsOn` (stable: plan order among equals). */
export function orderSteps(plan: Plan): Plan['steps'] {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const done = new Set<string>();
  const out: Plan['steps'] = [];
  const visit = (id: string, path: string[]) => {
    if (done.has(id)) return;
    if (path.includes(id)) throw new Error(`dependency cycle: ${[...path, id].join(' → ')}`);
    const step = byId.get(id);
    if (!step) throw new Error(`unknown step in dependsOn: ${id}`);
    for (const dep of step.dependsOn) visit(dep, [...path, id]);
    done.add(id);
    out.push(step);
  };
  for (const step of plan.steps) visit(step.id, []);
  return out;
}

/** Lists what a run would do on each node. */
export function dryRun(plan: Plan): DryRunNode[] {
  const nodes = new Map<string, DryRunNode>(
    plan.nodes.map((n) => [n.id, { node: n.id, hostname: n.hostname, items: [] }]),
  );
  for (const step of orderSteps(plan)) {
    for (const nodeId of stepNodes(step)) {
      const node = nodes.get(nodeId);
      if (!node) continue;
      if (step.guard) {
        node.items.push({ kind: 'guard', step: step.id, command: step.guard.command, sudo: step.guard.sudo });
      }
      for (const action of step.actions) {
        if (action.kind === 'write-file') {
          const { path, owner, group, mode, content, sudo } = action;
          node.items.push({ kind: 'write-file', step: step.id, path, owner, group, mode, content, sudo });
        } else {
          node.items.push({ kind: action.kind, step: step.id, command: action.command, sudo: action.sudo });
        }
      }
    }
  }
  return [...nodes.values()];
}

/** The dry run as text, one node after another (what the terminal and the CLI print). */
export function dryRunText(nodes: DryRunNode[]): string {
  const lines: string[] = [];
  for (const node of nodes) {
    lines.push(`== ${node.hostname} (${node.node}): ${node.items.length} item(s)`);
    for (const item of node.items) {
      const sudo = item.sudo ? 'sudo ' : '';
      if (item.kind === 'write-file') {
        lines.push(
          `  [${item.step}] write ${item.path} (${item.owner}:${item.group} ${item.mode}, ${item.content.length} bytes)`,
        );
        for (const line of item.content.split('\n')) lines.push(`      | ${line}`);
      } else lines.push(`  [${item.step}] ${item.kind}: ${sudo}${item.command}`);
    }
  }
  return lines.join('\n') + '\n';
}
