/**
 * Failure drills on lab nodes (electron/lab/drill.ts, electron/lab/recovery.ts): what each drill measured,
 * and the record of one drill as the app keeps it with the run (`drills.json` beside the journal) and
 * streams it to the Verify panel.
 */
import { z } from 'zod';

/** The drills Quorum can run: kill the VIP holder, or power off every database node. */
export const DrillKind = z.enum(['vip-failover', 'full-outage']);
export type DrillKind = z.infer<typeof DrillKind>;

const Seconds = z.number().nullable();

/** What the VIP-failover drill measured (seconds from the hard power-off of the VIP holder). */
export const VipFailoverResult = z.strictObject({
  drill: z.literal('vip-failover'),
  lab: z.string(),
  vip: z.string(),
  /** The node that held the VIP and was powered off. */
  killed: z.string(),
  /** The survivor whose mysql client wrote through the VIP in a loop. */
  client: z.string(),
  killedAt: z.string(),
  newHolder: z.string().nullable(),
  vipOnSurvivorSeconds: Seconds,
  /** When the first write of the unbroken run of acknowledged writes that ended the outage came back. */
  writesBackSeconds: Seconds,
  firstFailureSeconds: Seconds,
  failedWrites: z.number().int(),
  acknowledged: z.number().int(),
  found: z.number().int(),
  /** Ids of acknowledged writes missing from the table afterwards (must be empty). */
  lost: z.array(z.number().int()),
  galeraSizeTwoSeconds: Seconds,
  rabbitRunningDuringOutage: z.number().int().nullable(),
  rabbitRoundTripDuringOutage: z.boolean().nullable(),
  rejoin: z.strictObject({ galeraSyncedSeconds: z.number(), rabbitRunningSeconds: Seconds }).nullable(),
});
export type VipFailoverResult = z.infer<typeof VipFailoverResult>;

/** The runbook's bootstrap choice after a full outage (shared/runbook/galera-recovery.ts). */
export const BootstrapChoiceShape = z.strictObject({
  hostname: z.string(),
  rule: z.enum(['safe-to-bootstrap', 'highest-seqno']),
  seqno: z.number(),
  reason: z.string(),
});

/** What the runbook's full-outage procedure found and did. */
export const GaleraRecoveryResult = z.strictObject({
  nodes: z.array(
    z.strictObject({
      hostname: z.string(),
      seqno: z.number(),
      safeToBootstrap: z.boolean(),
      recoveredSeqno: z.number().nullable(),
    }),
  ),
  choice: BootstrapChoiceShape,
  /** Seconds from the start of the procedure until every node was Synced in a cluster of all of them. */
  seconds: z.number(),
});
export type GaleraRecoveryResult = z.infer<typeof GaleraRecoveryResult>;

/** What the full-outage drill measured. */
export const FullOutageResult = z.strictObject({
  drill: z.literal('full-outage'),
  lab: z.string(),
  vip: z.string(),
  client: z.string(),
  /** The database nodes in the order they were powered off. */
  killOrder: z.array(z.string()),
  recovery: GaleraRecoveryResult,
  clusterSize: z.number(),
  allSynced: z.boolean(),
  acknowledged: z.number().int(),
  found: z.number().int(),
  lost: z.array(z.number().int()),
  /** Seconds from the first power-off until writes through the VIP succeeded again. */
  writesBackSeconds: Seconds,
});
export type FullOutageResult = z.infer<typeof FullOutageResult>;

/** Either drill's result. */
export const DrillResult = z.discriminatedUnion('drill', [VipFailoverResult, FullOutageResult]);
export type DrillResult = z.infer<typeof DrillResult>;

/** One drill as the app ran it: its progress lines and, when it ended, its result or why it failed. */
export const DrillRecord = z.strictObject({
  id: z.string(),
  kind: DrillKind,
  lab: z.string(),
  designName: z.string(),
  /** The run it is kept with, or null when the design has no run in this app. */
  runId: z.string().nullable(),
  status: z.enum(['running', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Phase lines as they happened ("lab-1 powered off (hard)", "VIP on lab-2 after 1.62 s"). */
  lines: z.array(z.string()),
  result: DrillResult.nullable(),
  /** Why a drill failed (not its figures: a drill whose figures miss a target is `done`). */
  error: z.string().nullable(),
});
export type DrillRecord = z.infer<typeof DrillRecord>;

/** `drills.json` beside a run's journal: every drill of the run, oldest first. */
export const DrillsFile = z.strictObject({
  version: z.literal(1),
  drills: z.array(DrillRecord),
});
export type DrillsFile = z.infer<typeof DrillsFile>;

/** Whether a drill can run on the open design now, and if not, the one sentence that says why. */
export const DrillAvailability = z.strictObject({
  kind: DrillKind,
  title: z.string(),
  /** One line: what the drill does and why it matters. */
  why: z.string(),
  available: z.boolean(),
  reason: z.string().nullable(),
  /** The lab whose nodes the drill powers off and on. */
  lab: z.string().nullable(),
});
export type DrillAvailability = z.infer<typeof DrillAvailability>;
