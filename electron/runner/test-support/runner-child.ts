/**
 * A separate process that runs a plan (bundled by the crash test and killed with SIGKILL mid-run, as an
 * app that dies would be). Reads its job as JSON from argv[2].
 */
import { SshConnection } from '../../ssh/connection';
import { KnownHostsFile } from '../../ssh/known-hosts';
import { ConnectionPool } from '../connection-pool';
import { PlanRunner } from '../plan-runner';
import { Plan } from '../../../shared/plan/types';
import { RunOptions } from '../../../shared/deploy/run-state';

const job = JSON.parse(process.argv[2] ?? '{}') as {
  plan: unknown;
  runsDir: string;
  runId: string;
  keyFile: string;
  knownHosts: string;
};
const knownHosts = new KnownHostsFile(job.knownHosts);
const pool = new ConnectionPool(async (node) => {
  const connection = new SshConnection({
    target: { host: node.ssh!.host, port: node.ssh!.port, user: node.ssh!.user },
    credentials: { identityFile: job.keyFile },
    knownHosts,
  });
  await connection.connect();
  return connection;
});
const runner = await PlanRunner.create(
  Plan.parse(job.plan),
  RunOptions.parse({}),
  job.runsDir,
  {
    pool,
    secrets: new Map(),
    maskValues: () => [],
    emitOutput: () => undefined,
    flowControlled: () => false,
  },
  job.runId,
);
await runner.run();
await runner.close();
