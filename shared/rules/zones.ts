/** Failure domains: zone count and how quorum members spread over zones. */
import { REF } from './references';
import type { Rule } from './types';

const zoneCount: Rule = {
  id: 'zones.count',
  family: 'zones',
  severity: 'warning',
  why: 'With two failure domains one of them must hold a majority of every quorum, so losing that zone loses quorum everywhere. One zone makes no promise; three or more let each quorum keep a majority when any single zone fails.',
  reference: REF.quorums,
  check: (ctx) => {
    const zones = new Set(ctx.design.nodes.flatMap((n) => (n.zone ? [n.zone] : [])));
    if (zones.size !== 2) return [];
    return [
      {
        nodes: ctx.design.nodes.filter((n) => n.zone).map((n) => n.id),
        message: `2 zones (${[...zones].join(', ')}): use 1 or at least 3.`,
      },
    ];
  },
};

const zoneMajority: Rule = {
  id: 'zones.majority',
  family: 'zones',
  severity: 'warning',
  why: "A zone (rack, room, power feed) can fail as a whole. If one zone holds a majority of a quorum service's voters, that single event stops the service even though the other zones are fine. Spread voters so no zone has a majority.",
  reference: REF.splitBrain,
  check: (ctx) => {
    const zoned = ctx.design.nodes.some((n) => n.zone);
    if (!zoned) return [];
    return ctx.services
      .filter((s) => s.kind === 'quorum' && s.members.length >= 2)
      .flatMap((s) => {
        const count = new Map<string, string[]>();
        for (const id of s.members) {
          const zone = ctx.nodeById.get(id)?.zone ?? '(no zone)';
          count.set(zone, [...(count.get(zone) ?? []), id]);
        }
        const majority = Math.floor(s.members.length / 2) + 1;
        return [...count.entries()]
          .filter(([, members]) => members.length >= majority)
          .map(([zone, members]) => ({
            nodes: members,
            message: `Zone ${zone} holds ${members.length} of ${s.members.length} ${s.label} voters (quorum = floor(${s.members.length}/2)+1 = ${majority}): losing it loses quorum.`,
          }));
      });
  },
};

/** Failure-domain family. */
export const zoneRules: Rule[] = [zoneCount, zoneMajority];
