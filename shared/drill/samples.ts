/**
 * Drill results shaped as the lab's drills produce them (figures from real lab runs), shared by the tests
 * of the judging (figures.test.ts) and of the Verify panel's drill section.
 */
import type { FullOutageResult, VipFailoverResult } from './types';

/** A clean VIP failover: lab-1 held the VIP and was powered off, the client wrote from lab-2. */
export const SAMPLE_VIP_FAILOVER: VipFailoverResult = {
  drill: 'vip-failover',
  lab: 'qd1',
  vip: '10.117.3.200',
  killed: 'lab-1',
  client: 'lab-2',
  killedAt: '2026-11-22T06:00:00.000Z',
  newHolder: 'lab-3',
  vipOnSurvivorSeconds: 1.62,
  writesBackSeconds: 2.21,
  firstFailureSeconds: 0.1,
  failedWrites: 4,
  acknowledged: 128,
  found: 128,
  lost: [],
  galeraSizeTwoSeconds: 1.4,
  rabbitRunningDuringOutage: 2,
  rabbitRoundTripDuringOutage: true,
  rejoin: { galeraSyncedSeconds: 8.3, rabbitRunningSeconds: 16.4 },
};

/** A full outage of three database nodes brought back by the highest seqno. */
export const SAMPLE_FULL_OUTAGE: FullOutageResult = {
  drill: 'full-outage',
  lab: 'qd1',
  vip: '10.117.3.200',
  client: 'lab-2',
  killOrder: ['lab-1', 'lab-3', 'lab-2'],
  recovery: {
    nodes: [
      { hostname: 'lab-1', seqno: -1, safeToBootstrap: false, recoveredSeqno: 135 },
      { hostname: 'lab-2', seqno: -1, safeToBootstrap: false, recoveredSeqno: 135 },
      { hostname: 'lab-3', seqno: -1, safeToBootstrap: false, recoveredSeqno: 134 },
    ],
    choice: {
      hostname: 'lab-1',
      rule: 'highest-seqno',
      seqno: 135,
      reason: 'lab-1 has the highest seqno (135)',
    },
    seconds: 38.9,
  },
  clusterSize: 3,
  allSynced: true,
  acknowledged: 13,
  found: 13,
  lost: [],
  writesBackSeconds: 46.9,
};
