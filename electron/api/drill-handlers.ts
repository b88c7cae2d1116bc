import type { HandlersFor } from '../../shared/api/dispatcher';
import type { drillOperations } from '../../shared/api/operations/drill';
import type { DrillService } from '../drill/drill-service';
import type { CallContext } from './host';

/** Drills: list what the design can run, start one on its lab nodes. */
export function drillHandlers(drills: DrillService): HandlersFor<keyof typeof drillOperations, CallContext> {
  return {
    drillList: ({ design }) => drills.overview(design),
    drillStart: async ({ design, kind }) => ({ record: await drills.start(design, kind) }),
  };
}
