/** Single points of failure: any service with one instance, and what fails with it. */
import { REF } from './references';
import type { Rule } from './types';

const singleInstance: Rule = {
  id: 'spof.single-instance',
  family: 'spof',
  severity: 'warning',
  why: 'A service that runs on one node stops the moment that node does, taking everything that depends on it along. High availability starts by giving every such component a second instance that can take over.',
  reference: REF.spof,
  check: (ctx) =>
    ctx.services
      .filter((s) => s.members.length === 1 && s.id !== 'compute')
      .map((s) => {
        const host = ctx.nodeById.get(s.members[0]!)?.hostname ?? s.members[0]!;
        return {
          nodes: s.members,
          message: `${s.label} runs only on ${host}: when it fails, so does ${s.impact}.`,
        };
      }),
};

/** SPOF family. */
export const spofRules: Rule[] = [singleInstance];
