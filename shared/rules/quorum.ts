/** Quorum rules: clustered services that vote need an odd number ≥ 3 of voters. */
import { quorumOf, type ClusterService, type ServiceId } from '../topology';
import { REF } from './references';
import type { Rule, RuleContext, RuleHit } from './types';

export const serviceById = (ctx: RuleContext, id: ServiceId): ClusterService | undefined =>
  ctx.services.find((s) => s.id === id);

/** "quorum = floor(n/2)+1 = q", the phrase every quorum message states. */
export function quorumPhrase(n: number): string {
  return `quorum = floor(${n}/2)+1 = ${quorumOf(n)}`;
}

function names(ctx: RuleContext, ids: string[]): string {
  return ids.map((id) => ctx.nodeById.get(id)?.hostname ?? id).join(', ');
}

/** The usual voter-count check: 2 voters is an error, an even count ≥ 4 a warning. */
export function voterCheck(
  ctx: RuleContext,
  svc: ClusterService | undefined,
  twoIsError: boolean,
): RuleHit[] {
  if (!svc) return [];
  const n = svc.members.length;
  if (n < 2 || n % 2 === 1) return [];
  const who = `${n} voters (${names(ctx, svc.members)})`;
  if (n === 2) {
    return [
      {
        severity: twoIsError ? 'error' : 'warning',
        nodes: svc.members,
        message: `${svc.label} has ${who}: ${quorumPhrase(2)}, so losing either node stops it; use 3.`,
      },
    ];
  }
  return [
    {
      severity: 'warning',
      nodes: svc.members,
      message: `${svc.label} has ${who}: ${quorumPhrase(n)}; an even split (${n / 2}/${n / 2}) leaves no majority. Use an odd number.`,
    },
  ];
}

const galera: Rule = {
  id: 'quorum.galera',
  family: 'quorum',
  severity: 'error',
  why: 'Galera only accepts writes in a partition that holds a majority of its voters. With two data nodes a single failure or a broken link leaves each side with half the votes, so both stop. A third voter breaks the tie: a third data node, or garbd on a third machine, which votes without storing data. An even count of four or more has the same weakness for a clean split down the middle.',
  reference: REF.galeraGarbd,
  check: (ctx) => {
    const svc = serviceById(ctx, 'galera');
    if (!svc) return [];
    const n = svc.members.length;
    if (n === 2 && svc.dataMembers.length === 2) {
      return [
        {
          nodes: svc.members,
          message: `Galera has 2 data nodes (${names(ctx, svc.members)}) and no arbitrator: ${quorumPhrase(2)}, so losing either node stops writes. Add garbd on a third machine or a third data node.`,
        },
      ];
    }
    return voterCheck(ctx, svc, true);
  },
};

const pacemaker: Rule = {
  id: 'quorum.pacemaker',
  family: 'quorum',
  severity: 'error',
  why: 'Corosync gives Pacemaker quorum only while a majority of cluster nodes see each other; without quorum the default policy stops every resource. In a two-node cluster one failure always loses the majority, so such clusters set two_node in corosync (current releases) or no-quorum-policy=ignore (the older advice of the guide) and rely on fencing to stop both halves from running the same resources at once.',
  reference: REF.pacemakerProperties,
  check: (ctx) => {
    const svc = serviceById(ctx, 'pacemaker');
    if (!svc) return [];
    const n = svc.members.length;
    if (n === 2) {
      const cluster = ctx.design.options.cluster;
      if (cluster?.noQuorumPolicy === 'ignore' || cluster?.twoNode) return [];
      return [
        {
          nodes: svc.members,
          message: `Pacemaker runs on 2 nodes (${names(ctx, svc.members)}) with no-quorum-policy=${cluster?.noQuorumPolicy ?? 'stop'}: ${quorumPhrase(2)}, so one failure stops every resource. Set corosync two_node (or no-quorum-policy=ignore), with fencing, or add a third node.`,
        },
      ];
    }
    return voterCheck(ctx, svc, true);
  },
};

const pacemakerFencing: Rule = {
  id: 'quorum.pacemaker-fencing',
  family: 'quorum',
  severity: 'warning',
  why: 'When a Pacemaker node stops answering, the others cannot know whether it died or is cut off and still writing. Fencing (IPMI power-off or SBD) makes sure it is really gone before its resources start elsewhere. Two-node clusters that ignore quorum depend on it entirely: without fencing a partition runs everything twice — the split-brain the book warns about.',
  reference: REF.splitBrain,
  check: (ctx) => {
    const svc = serviceById(ctx, 'pacemaker');
    if (!svc || svc.members.length < 2 || ctx.design.options.fencing !== 'none') return [];
    const two = svc.members.length === 2;
    return [
      {
        nodes: svc.members,
        message: two
          ? `2-node Pacemaker cluster (${names(ctx, svc.members)}) without fencing: a partition can start resources on both nodes. Configure IPMI or SBD fencing.`
          : `Pacemaker cluster of ${svc.members.length} nodes without fencing: a hung node's resources may start elsewhere while it still runs them.`,
      },
    ];
  },
};

const cephMons: Rule = {
  id: 'quorum.ceph-mon',
  family: 'quorum',
  severity: 'error',
  why: 'Ceph monitors keep the cluster map by Paxos majority; clients and OSDs stop when the monitors lose quorum. Two monitors are worse than one: losing either stops the cluster. Three monitors survive one failure, five survive two.',
  reference: REF.ceph,
  check: (ctx) => {
    const svc = serviceById(ctx, 'ceph-mon');
    if (!svc) return [];
    if (svc.members.length === 1) {
      return [
        {
          severity: 'warning',
          nodes: svc.members,
          message: `One Ceph monitor (${names(ctx, svc.members)}): ${quorumPhrase(1)}; its failure stops all Ceph I/O. Use 3.`,
        },
      ];
    }
    return voterCheck(ctx, svc, true);
  },
};

/** Quorum family. */
export const quorumRules: Rule[] = [galera, pacemaker, pacemakerFencing, cephMons];
