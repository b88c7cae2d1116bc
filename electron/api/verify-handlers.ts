import type { HandlersFor } from '../../shared/api/dispatcher';
import type { verifyOperations } from '../../shared/api/operations/verify';
import type { VerifyService } from '../verify/verify-service';
import type { CallContext } from './host';

/** Verify: run checks on the plan's nodes, read the last report. */
export function verifyHandlers(
  verify: VerifyService,
): HandlersFor<keyof typeof verifyOperations, CallContext> {
  return {
    verifyRun: async ({ checks }) => ({ id: await verify.start(checks) }),
    verifyLast: async () => ({ report: await verify.lastReport() }),
  };
}
