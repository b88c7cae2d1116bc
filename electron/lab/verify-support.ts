/**
 * The app's own verification (shared/verify checks derived from the design, run by the VerifyService over
 * the deploy session's SSH) against lab nodes: what the Deploy tab's Verify panel and
 * `quorum deploy --verify` show, asserted all green by the lab suite.
 */
import { dirname } from 'node:path';
import type { Design } from '../../shared/design/schema';
import { verificationChecks } from '../../shared/verify/checks';
import type { VerifyReport } from '../../shared/verify/types';
import type { DeployService } from '../runner/deploy-service';
import { VerifyService } from '../verify/verify-service';

/** A verification's red cells as text (`check@host: observed (expected …)`), and the report. */
export interface LabVerification {
  report: VerifyReport;
  red: string[];
  attempts: number;
  seconds: number;
}

function redCells(report: VerifyReport): string[] {
  const host = (id: string) => report.nodes.find((n) => n.id === id)?.hostname ?? id;
  return report.results
    .filter((r) => r.status !== 'pass')
    .map((r) => `${r.check}@${host(r.node)}: ${r.observed} (expected ${r.expected})`);
}

/**
 * Verifies the infrastructure layer of `design` on the nodes `service` deployed to. Clusters settle for a
 * few seconds after a deploy (HAProxy's rise count, a broker finishing its start), so a red matrix is asked
 * again, as a user presses "Verify now", until green or `timeoutMs` passed.
 */
export async function verifyLabDeployment(
  service: DeployService,
  design: Design,
  timeoutMs = 90_000,
): Promise<LabVerification> {
  const started = Date.now();
  const verify = new VerifyService(service, null, dirname(service.runsDir));
  const checks = verificationChecks(design, { scope: 'infrastructure' });
  for (let attempts = 1; ; attempts++) {
    const report = await verify.run(checks);
    const red = redCells(report);
    const seconds = (Date.now() - started) / 1000;
    if (red.length === 0 || Date.now() - started > timeoutMs) {
      console.log(
        `app verification: ${report.results.length} cells, ${red.length} red after ${attempts} attempt(s), ${seconds.toFixed(1)} s`,
      );
      return { report, red, attempts, seconds };
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
}
