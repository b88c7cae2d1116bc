/**
 * A drill's result as the figures the Verify panel and the CLI show, each judged against its target:
 * writes through the VIP back within 3 s of the VIP holder's death (the issue's target on this kind of
 * LAN), no acknowledged write lost, Galera keeping quorum, RabbitMQ serving, the node rejoining.
 */
import type { DrillResult, FullOutageResult, VipFailoverResult } from './types';

/**
 * Writes through the VIP must succeed again within this many seconds of the VIP holder's death. The
 * failover timers (VRRP advert 0.5 s, HAProxy checks 1 s, Galera suspect timeout 1 s) are tuned for it.
 */
export const WRITES_BACK_TARGET_S = 3;

/** One figure: a label, its value as text, good/bad against a target, or info when it has none. */
export interface DrillFigure {
  label: string;
  value: string;
  status: 'good' | 'bad' | 'info';
  /** The target it was judged against, in words (`≤ 3 s`, `0 lost`). */
  target: string | null;
}

/** `1.62 s`, or `—` when it never happened. */
export function formatSeconds(seconds: number | null, digits = 2): string {
  return seconds === null ? '—' : `${seconds.toFixed(digits)} s`;
}

function vipFailoverFigures(r: VipFailoverResult): DrillFigure[] {
  const within = (s: number | null) => (s !== null && s <= WRITES_BACK_TARGET_S ? 'good' : 'bad');
  const figures: DrillFigure[] = [
    {
      label: 'Powered off',
      value: `${r.killed} (held VIP ${r.vip}); client on ${r.client}`,
      status: 'info',
      target: null,
    },
    {
      label: 'VIP answers again',
      value: `${formatSeconds(r.vipOnSurvivorSeconds)} (on ${r.newHolder ?? 'no survivor'})`,
      status: r.newHolder === null ? 'bad' : within(r.vipOnSurvivorSeconds),
      target: `≤ ${WRITES_BACK_TARGET_S} s`,
    },
    {
      label: 'Writes succeed again',
      value: `${formatSeconds(r.writesBackSeconds)} (${r.failedWrites} failed in between)`,
      status: within(r.writesBackSeconds),
      target: `≤ ${WRITES_BACK_TARGET_S} s`,
    },
    {
      label: 'Writes acknowledged / found / lost',
      value: `${r.acknowledged} / ${r.found} / ${r.lost.length}`,
      status: r.lost.length === 0 && r.acknowledged > 0 ? 'good' : 'bad',
      target: '0 lost',
    },
    {
      label: 'Galera during the outage',
      value:
        r.galeraSizeTwoSeconds === null
          ? 'never shrank to 2'
          : `size 2, quorum kept (after ${formatSeconds(r.galeraSizeTwoSeconds)})`,
      status: r.galeraSizeTwoSeconds === null ? 'bad' : 'good',
      target: 'size 2 with quorum',
    },
  ];
  if (r.rabbitRunningDuringOutage !== null)
    figures.push({
      label: 'RabbitMQ during the outage',
      value: `${r.rabbitRunningDuringOutage} running, publish/consume ${r.rabbitRoundTripDuringOutage ? 'ok' : 'FAILED'}`,
      status: r.rabbitRoundTripDuringOutage ? 'good' : 'bad',
      target: 'serving',
    });
  figures.push(
    r.rejoin
      ? {
          label: 'Rejoin after the boot',
          value: `Galera 3 + Synced ${formatSeconds(r.rejoin.galeraSyncedSeconds)}${r.rejoin.rabbitRunningSeconds === null ? '' : `, RabbitMQ all running ${formatSeconds(r.rejoin.rabbitRunningSeconds)}`}`,
          status: 'good',
          target: 'rejoins',
        }
      : { label: 'Rejoin after the boot', value: 'not recovered', status: 'info', target: null },
  );
  return figures;
}

function fullOutageFigures(r: FullOutageResult): DrillFigure[] {
  const expected = r.recovery.nodes.length;
  return [
    {
      label: 'Powered off',
      value: `${r.killOrder.join(', ')} (client on ${r.client}, writing through ${r.vip})`,
      status: 'info',
      target: null,
    },
    {
      label: 'Saved state',
      value: r.recovery.nodes
        .map(
          (n) =>
            `${n.hostname} seqno ${n.seqno}${n.safeToBootstrap ? ' safe' : ''}${n.recoveredSeqno === null ? '' : ` → ${n.recoveredSeqno}`}`,
        )
        .join('; '),
      status: 'info',
      target: null,
    },
    { label: 'Bootstrap', value: r.recovery.choice.reason, status: 'info', target: null },
    {
      label: 'Galera back',
      value: `size ${r.clusterSize}, ${r.allSynced ? 'all Synced' : 'NOT all Synced'} after ${formatSeconds(r.recovery.seconds, 1)}`,
      status: r.allSynced && r.clusterSize === expected ? 'good' : 'bad',
      target: `size ${expected}, all Synced`,
    },
    {
      label: 'Writes acknowledged / found / lost',
      value: `${r.acknowledged} / ${r.found} / ${r.lost.length}`,
      status: r.lost.length === 0 && r.acknowledged > 0 ? 'good' : 'bad',
      target: '0 lost',
    },
    {
      label: 'Writes through the VIP again',
      value: `${formatSeconds(r.writesBackSeconds, 1)} after the first power-off`,
      status: r.writesBackSeconds === null ? 'bad' : 'info',
      target: null,
    },
  ];
}

/** The figures of a drill's result, judged (see the module comment). */
export function drillFigures(result: DrillResult): DrillFigure[] {
  return result.drill === 'vip-failover' ? vipFailoverFigures(result) : fullOutageFigures(result);
}

/** Green when no figure misses its target. */
export function drillPassed(result: DrillResult): boolean {
  return drillFigures(result).every((f) => f.status !== 'bad');
}

/**
 * What must hold whatever the timing (the CLI's exit code): writes came back, none acknowledged was lost,
 * RabbitMQ kept serving, and after a full outage Galera is whole and Synced again.
 */
export function drillHealthy(result: DrillResult): boolean {
  if (result.drill === 'vip-failover')
    return (
      result.writesBackSeconds !== null &&
      result.lost.length === 0 &&
      result.rabbitRoundTripDuringOutage !== false
    );
  return result.lost.length === 0 && result.allSynced && result.clusterSize === result.recovery.nodes.length;
}

/** One line for a list of earlier drills: `writes back 2.21 s, 128/128 found, 0 lost`. */
export function drillSummary(result: DrillResult): string {
  const writes = `${result.found}/${result.acknowledged} found, ${result.lost.length} lost`;
  return result.drill === 'vip-failover'
    ? `writes back ${formatSeconds(result.writesBackSeconds)}, ${writes}`
    : `Galera ${result.clusterSize} ${result.allSynced ? 'Synced' : 'not Synced'} after ${formatSeconds(result.recovery.seconds, 1)}, ${writes}`;
}
