/**
 * Runs one drill on a lab for a target derived from the design (shared/drill/availability.ts): the one
 * entry point of `quorum drill` and the app's Verify panel.
 */
import type { DrillTarget } from '../../shared/drill/availability';
import type { DrillKind, DrillResult } from '../../shared/drill/types';
import { runVipFailoverDrill } from '../lab/drill';
import type { LabHandle } from '../lab/index';
import { runFullOutageDrill } from '../lab/recovery';

/** Runs `kind` on `lab`; `log` gets the phase lines as they happen. */
export function runDrill(
  lab: LabHandle,
  target: DrillTarget,
  kind: DrillKind,
  options: { recover?: boolean; log?: (line: string) => void } = {},
): Promise<DrillResult> {
  if (kind === 'vip-failover')
    return runVipFailoverDrill(lab, {
      vip: target.vip,
      nodes: target.nodes,
      brokers: target.brokers,
      amqpKind: target.amqpKind,
      recover: options.recover,
      log: options.log,
    });
  return runFullOutageDrill(lab, {
    vip: target.vip,
    nodes: target.nodes,
    service: target.mariadbService,
    log: options.log,
  });
}
