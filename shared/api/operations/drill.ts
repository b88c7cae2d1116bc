/**
 * Failure drills from the Verify panel: which drills the open design can run (and the one sentence that
 * says why not), start one on the lab nodes it is deployed to, its phase lines and record as events, and
 * the design's earlier drills kept with its run.
 */
import { z } from 'zod';
import { Design } from '../../design/schema';
import { DrillAvailability, DrillKind, DrillRecord } from '../../drill/types';

export const drillOperations = {
  /** Each drill's availability for the design, its earlier drills (oldest first) and the running one. */
  drillList: {
    input: z.strictObject({ design: Design }),
    output: z.strictObject({
      drills: z.array(DrillAvailability),
      records: z.array(DrillRecord),
      running: DrillRecord.nullable(),
    }),
  },
  /** Starts a drill on the design's lab nodes (powers nodes off!); progress follows as events. */
  drillStart: {
    input: z.strictObject({ design: Design, kind: DrillKind }),
    output: z.strictObject({ record: DrillRecord }),
  },
} as const;

export const drillEvents = {
  /** One phase line of a running drill ("lab-1 powered off", "VIP on lab-2 after 1.62 s"). */
  drillProgress: z.strictObject({ id: z.string(), line: z.string() }),
  /** A drill's record when it starts and when it ends (with its result or error). */
  drillState: z.strictObject({ record: DrillRecord }),
} as const;
