/**
 * Verify: run verification checks (derived from the design by shared/verify/checks.ts, or given by a
 * test) on the plan's nodes over the deploy session's SSH, and read the last report kept with the run.
 */
import { z } from 'zod';
import { VerifyCheck, VerifyReport } from '../../verify/types';
import { Empty } from './project';

export const verifyOperations = {
  /** Starts a verification on the current plan's nodes; results arrive as `verifyReport` events. */
  verifyRun: {
    input: z.strictObject({ checks: z.array(VerifyCheck).min(1) }),
    output: z.strictObject({ id: z.string() }),
  },
  /** The last verification of the newest run (from disk after a restart), if any. */
  verifyLast: { input: Empty, output: z.strictObject({ report: VerifyReport.nullable() }) },
} as const;

export const verifyEvents = {
  /** The report after every check and at the end. */
  verifyReport: z.strictObject({ report: VerifyReport }),
} as const;
