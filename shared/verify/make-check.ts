/** The constructor of one verify check (a row of the matrix), shared by the engine and the service modules. */
import type { DesignNode } from '../design/schema';
import type { Judge, VerifyCheck } from './types';

function ids(nodes: readonly DesignNode[]): string[] {
  return nodes.map((n) => n.id);
}

export function check(
  id: string,
  group: string,
  title: string,
  nodes: readonly DesignNode[],
  command: string,
  judge: Judge,
  fix: string,
  across: VerifyCheck['across'] = 'each',
): VerifyCheck {
  return {
    id,
    group,
    title,
    nodes: ids(nodes),
    command,
    sudo: true,
    timeoutMs: 20_000,
    judge,
    across,
    perNode: {},
    fix,
  };
}
