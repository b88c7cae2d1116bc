/**
 * The decision of the runbook's "Galera: restart after a full outage" procedure (recovery.ts), as data:
 * which node bootstraps the new cluster. Pure, so the runbook text, the lab drill (`quorum drill
 * full-outage`) and tests share one rule:
 *
 * 1. a node whose grastate.dat says `safe_to_bootstrap: 1` stopped last: it bootstraps;
 * 2. otherwise (a crash: every node says 0) the node with the highest recovered seqno
 *    (`mariadbd --wsrep-recover`) bootstraps; on a tie the first in design order;
 * 3. nodes whose position is unknown (-1) or of another cluster (uuid differs from the majority's) are
 *    never chosen while a node with a real position exists.
 */

/** What grastate.dat says (`/var/lib/mysql/grastate.dat`). */
export interface GraState {
  uuid: string | null;
  /** -1 after a crash (the position is then only in InnoDB: recover it with --wsrep-recover). */
  seqno: number;
  safeToBootstrap: boolean;
}

/** Parses grastate.dat; null when the text is not one (missing file, empty). */
export function parseGrastate(text: string): GraState | null {
  const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const uuid = field('uuid');
  const seqno = field('seqno');
  if (uuid === undefined && seqno === undefined) return null;
  return {
    uuid: uuid && uuid !== '00000000-0000-0000-0000-000000000000' ? uuid : null,
    seqno: seqno === undefined || Number.isNaN(Number(seqno)) ? -1 : Number(seqno),
    safeToBootstrap: field('safe_to_bootstrap') === '1',
  };
}

/**
 * The position `mariadbd --wsrep-recover` logged (`WSREP: Recovered position: uuid:seqno`); the last one
 * when there are several. Null when the output has none.
 */
export function parseRecoveredPosition(output: string): { uuid: string; seqno: number } | null {
  const all = [...output.matchAll(/Recovered position:\s*([0-9a-f-]{36}):(-?\d+)/g)];
  const last = all.at(-1);
  return last ? { uuid: last[1]!, seqno: Number(last[2]) } : null;
}

/** One database node's saved state, as read after the outage. */
export interface GaleraNodeState {
  hostname: string;
  grastate: GraState | null;
  /** From `--wsrep-recover`, only asked for when no node is safe to bootstrap. */
  recovered?: { uuid: string; seqno: number } | null;
}

/** The chosen node and why, in the runbook's words. */
export interface BootstrapChoice {
  hostname: string;
  rule: 'safe-to-bootstrap' | 'highest-seqno';
  seqno: number;
  reason: string;
}

/** True when no node's grastate.dat says safe_to_bootstrap: 1 (the crash case: recover the seqnos). */
export function needsSeqnoRecovery(nodes: readonly GaleraNodeState[]): boolean {
  return !nodes.some((n) => n.grastate?.safeToBootstrap);
}

function positionOf(node: GaleraNodeState): { uuid: string | null; seqno: number } {
  if (node.recovered && node.recovered.seqno >= 0) return node.recovered;
  return { uuid: node.grastate?.uuid ?? null, seqno: node.grastate?.seqno ?? -1 };
}

/**
 * Picks the node that bootstraps the new cluster (rules in the module comment); throws when no node has a
 * known position (the operator must then decide: the data of every node is in doubt).
 */
export function chooseBootstrapNode(nodes: readonly GaleraNodeState[]): BootstrapChoice {
  const safe = nodes.filter((n) => n.grastate?.safeToBootstrap);
  if (safe.length > 0) {
    const node = safe[0]!;
    return {
      hostname: node.hostname,
      rule: 'safe-to-bootstrap',
      seqno: positionOf(node).seqno,
      reason: `${node.hostname} has safe_to_bootstrap: 1 in grastate.dat (it stopped last)`,
    };
  }
  const positions = nodes.map((n) => ({ node: n, ...positionOf(n) })).filter((p) => p.seqno >= 0);
  if (positions.length === 0)
    throw new Error(
      `no database node has a known position (${nodes.map((n) => n.hostname).join(', ')}): choose by hand`,
    );
  const votes = new Map<string | null, number>();
  for (const p of positions) votes.set(p.uuid, (votes.get(p.uuid) ?? 0) + 1);
  const cluster = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const best = positions.filter((p) => p.uuid === cluster).reduce((a, b) => (b.seqno > a.seqno ? b : a));
  return {
    hostname: best.node.hostname,
    rule: 'highest-seqno',
    seqno: best.seqno,
    reason: `no node is safe to bootstrap; ${best.node.hostname} has the highest recovered seqno (${positions.map((p) => `${p.node.hostname} ${p.seqno}`).join(', ')})`,
  };
}

/** grastate.dat with safe_to_bootstrap set to 1 (what the runbook's `sed` does), the rest unchanged. */
export function markSafeToBootstrap(text: string): string {
  return text.replace(/^safe_to_bootstrap:\s*0\s*$/m, 'safe_to_bootstrap: 1');
}
