import { describe, expect, it } from 'vitest';
import { drillFigures, drillHealthy, drillPassed, drillSummary, WRITES_BACK_TARGET_S } from './figures';
import { SAMPLE_FULL_OUTAGE, SAMPLE_VIP_FAILOVER } from './samples';

const vip = SAMPLE_VIP_FAILOVER;
const outage = SAMPLE_FULL_OUTAGE;

const status = (r: Parameters<typeof drillFigures>[0], label: string) =>
  drillFigures(r).find((f) => f.label === label)?.status;

describe('drill figures', () => {
  it('a clean VIP failover is green: writes back within the target, nothing lost, RabbitMQ serving, rejoined', () => {
    expect(drillPassed(vip)).toBe(true);
    expect(drillHealthy(vip)).toBe(true);
    const figures = drillFigures(vip);
    expect(figures.find((f) => f.label === 'Writes succeed again')).toMatchObject({
      value: '2.21 s (4 failed in between)',
      status: 'good',
      target: `≤ ${WRITES_BACK_TARGET_S} s`,
    });
    expect(figures.find((f) => f.label === 'Writes acknowledged / found / lost')?.value).toBe(
      '128 / 128 / 0',
    );
    expect(figures.find((f) => f.label === 'Rejoin after the boot')?.value).toBe(
      'Galera 3 + Synced 8.30 s, RabbitMQ all running 16.40 s',
    );
    expect(drillSummary(vip)).toBe('writes back 2.21 s, 128/128 found, 0 lost');
  });

  it('writes back after the 3 s target are red but healthy; a lost write or a failed round trip is unhealthy', () => {
    const slow = { ...vip, writesBackSeconds: 3.4 };
    expect(status(slow, 'Writes succeed again')).toBe('bad');
    expect(drillPassed(slow)).toBe(false);
    expect(drillHealthy(slow)).toBe(true);
    const lost = { ...vip, found: 127, lost: [57] };
    expect(status(lost, 'Writes acknowledged / found / lost')).toBe('bad');
    expect(drillHealthy(lost)).toBe(false);
    const rabbit = { ...vip, rabbitRoundTripDuringOutage: false };
    expect(status(rabbit, 'RabbitMQ during the outage')).toBe('bad');
    expect(drillHealthy(rabbit)).toBe(false);
    const never = { ...vip, writesBackSeconds: null, newHolder: null, galeraSizeTwoSeconds: null };
    expect(
      drillFigures(never)
        .filter((f) => f.status === 'bad')
        .map((f) => f.label),
    ).toEqual(['VIP answers again', 'Writes succeed again', 'Galera during the outage']);
    expect(drillHealthy(never)).toBe(false);
  });

  it('without brokers there is no RabbitMQ figure; without recovery the rejoin is only noted', () => {
    const bare = { ...vip, rabbitRunningDuringOutage: null, rabbitRoundTripDuringOutage: null, rejoin: null };
    expect(drillFigures(bare).some((f) => f.label === 'RabbitMQ during the outage')).toBe(false);
    expect(status(bare, 'Rejoin after the boot')).toBe('info');
    expect(drillPassed(bare)).toBe(true);
  });

  it('a full outage is green when Galera is whole and Synced with every write; red when one is missing', () => {
    expect(drillPassed(outage)).toBe(true);
    expect(drillHealthy(outage)).toBe(true);
    expect(drillFigures(outage).find((f) => f.label === 'Galera back')?.value).toBe(
      'size 3, all Synced after 38.9 s',
    );
    expect(drillSummary(outage)).toBe('Galera 3 Synced after 38.9 s, 13/13 found, 0 lost');
    const partial = { ...outage, clusterSize: 2 };
    expect(status(partial, 'Galera back')).toBe('bad');
    expect(drillHealthy(partial)).toBe(false);
  });
});
