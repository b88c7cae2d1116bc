/**
 * `quorum deploy DESIGN`: runs the design's plan headless with the app's DeployService (same runner,
 * journal and secrets masking), streams every node's output with a hostname prefix, prints a step summary
 * and, with --verify, the verification matrix. Host keys are never accepted here: every node's key must be
 * in the known_hosts file first. Exit 0 only when every step and every check is green.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createEventHub } from '../../shared/api/dispatcher';
import { dryRun, dryRunText } from '../../shared/deploy/dry-run';
import { LinePrefixer } from '../../shared/deploy/line-prefix';
import type { RunState } from '../../shared/deploy/run-state';
import { compilePlan } from '../../shared/plan/compile';
import type { Design } from '../../shared/design/schema';
import { Plan as PlanSchema, type Plan } from '../../shared/plan/types';
import { VerifyCheck as VerifyCheckSchema } from '../../shared/verify/types';
import { verificationChecks } from '../../shared/verify/checks';
import { type VerifyCheck, type VerifyReport, reportPassed } from '../../shared/verify/types';
import { DeployService } from '../runner/deploy-service';
import { defaultStorePaths } from '../store/paths';
import { VerifyService } from '../verify/verify-service';
import { formatMatrix, formatPreflight, formatSteps } from './deploy-format';
import { loadDesign } from './plan';
import { UsageError } from './usage-error';

/** The usage lines of `quorum deploy` (in `quorum help`). */
export const DEPLOY_USAGE = `  deploy DESIGN [--scope infrastructure|all] [--dry-run] [--verify] [--verify-only] [--yes]
         [--known-hosts FILE] [--identity FILE] [--user U] [--data-dir DIR] [--checks FILE] [--json]
        DESIGN is a project file, or a plan saved with \`quorum plan --json\` (then --checks FILE, a JSON
        list of checks, says what --verify checks).
        Run the plan over SSH (host keys must already be in the known_hosts file: never accepted here),
        stream every node's output, print each step's outcome; --verify then checks the clusters
        (green/red per check per node); --verify-only checks without deploying.
        Exit 0: everything green; 1: a step or a check failed, or a node is not ready; 2: usage.`;

/** Where `quorum deploy` writes and how it asks. */
export interface DeployIo {
  out(text: string): void;
  err(text: string): void;
  /** ANSI colours in the output. */
  colour: boolean;
  /** Asks a yes/no question (only when --yes is absent); null when there is no terminal to ask on. */
  confirm: ((question: string) => Promise<boolean>) | null;
}

/** The process's streams: prompts only on a terminal. */
export function processIo(): DeployIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
    confirm: process.stdin.isTTY
      ? async (question) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
          } finally {
            rl.close();
          }
        }
      : null,
  };
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      scope: { type: 'string', default: 'all' },
      'dry-run': { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
      'verify-only': { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      'known-hosts': { type: 'string' },
      identity: { type: 'string', short: 'i' },
      user: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      checks: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError(`one design file, not ${positionals.length}`);
  if (values.scope !== 'all' && values.scope !== 'infrastructure')
    throw new UsageError(`--scope: "infrastructure" or "all", not "${values.scope}"`);
  if (values['dry-run'] && (values.verify || values['verify-only']))
    throw new UsageError('--dry-run changes nothing and checks nothing: not with --verify or --verify-only');
  return { values, design: positionals[0] };
}

/** A project file, or a plan in JSON (what `quorum plan --json` prints). */
async function loadInput(
  path: string | undefined,
  scope: 'full' | 'infrastructure',
): Promise<{ plan: Plan; design: Design | null }> {
  if (path && /\.json$/i.test(path)) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read the plan ${path}: ${(error as Error).message}`);
    }
    const parsed = PlanSchema.safeParse(data);
    if (!parsed.success)
      throw new Error(`${path} is not a plan: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return { plan: parsed.data, design: null };
  }
  const design = await loadDesign(path);
  return { plan: compilePlan(design, { scope }), design };
}

async function loadChecks(path: string): Promise<VerifyCheck[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the checks ${path}: ${(error as Error).message}`);
  }
  const parsed = VerifyCheckSchema.array().min(1).safeParse(data);
  if (!parsed.success)
    throw new Error(`${path}: not a list of checks: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

function applyUser(plan: Plan, user: string | undefined): Plan {
  const missing = plan.nodes.filter((n) => !n.ssh).map((n) => n.hostname);
  if (missing.length > 0) throw new Error(`no SSH endpoint in the design for ${missing.join(', ')}`);
  if (!user) return plan;
  return { ...plan, nodes: plan.nodes.map((n) => ({ ...n, ssh: { ...n.ssh!, user } })) };
}

function waitForEnd(service: DeployService, runId: string): Promise<RunState> {
  return new Promise((resolve) => {
    const tick = () => {
      const runner = service.currentRunner;
      if (runner && runner.state.runId === runId && !runner.running) resolve(runner.state);
      else setTimeout(tick, 100);
    };
    tick();
  });
}

/** `quorum deploy`; returns the exit code. */
export async function deployCommand(argv: string[], io: DeployIo = processIo()): Promise<number> {
  const { values, design: designPath } = parse(argv);
  const scope = values.scope === 'all' ? 'full' : 'infrastructure';
  const input = await loadInput(designPath, scope);
  const plan = applyUser(input.plan, values.user);
  const wantsChecks = values.verify || values['verify-only'];
  if (wantsChecks && !input.design && !values.checks)
    throw new UsageError('a plan file has no design to derive checks from: add --checks FILE');
  const checks = values.checks
    ? await loadChecks(values.checks)
    : input.design && wantsChecks
      ? verificationChecks(input.design, { scope })
      : [];
  if (values['dry-run']) {
    const nodes = dryRun(plan);
    io.out(
      values.json ? `${JSON.stringify({ plan: plan.designName, nodes }, null, 2)}\n` : dryRunText(nodes),
    );
    return 0;
  }
  const verifyOnly = values['verify-only'];
  if (!values.yes) {
    if (!io.confirm) throw new UsageError('not a terminal: add --yes to deploy without being asked');
    const what = verifyOnly
      ? `Verify ${plan.nodes.length} nodes of ${plan.designName}?`
      : `Deploy ${plan.steps.length} steps of ${plan.designName} to ${plan.nodes.map((n) => n.hostname).join(', ')}?`;
    if (!(await io.confirm(what))) {
      io.err('quorum: nothing done\n');
      return 1;
    }
  }
  const paths = defaultStorePaths({
    ...process.env,
    ...(values['data-dir'] ? { QUORUM_DATA_DIR: values['data-dir'] } : {}),
  });
  const hub = createEventHub();
  const service = new DeployService(paths.dataDir, hub, undefined, {
    ...(values['known-hosts'] ? { knownHostsFile: values['known-hosts'] } : {}),
  });
  try {
    await service.setCredentials({
      target: '*',
      ...(values.identity ? { identityFile: values.identity } : {}),
      ...(!values.identity && process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
    });
    await service.loadPlan(plan);
    const rows = await service.preflight();
    const notReady = rows.filter((r) => r.problem || !r.sudo);
    if (notReady.length > 0) {
      io.err(formatPreflight(notReady, service.knownHosts.path, io.colour));
      if (values.json) io.out(`${JSON.stringify({ preflight: rows, run: null, verify: null }, null, 2)}\n`);
      return 1;
    }
    let run: RunState | null = null;
    if (!verifyOnly) {
      const prefixer = new LinePrefixer((id) => plan.nodes.find((n) => n.id === id)?.hostname ?? id);
      hub.subscribe('deployOutput', (payload) => {
        const { runId, node, data } = payload as { runId: string; node: string; data: string };
        if (!values.json)
          io.out(io.colour ? prefixer.prefix(node, data) : stripAnsi(prefixer.prefix(node, data)));
        service.ack(runId, data.length);
      });
      const runId = await service.start({ concurrency: 16, onFailure: 'stop' });
      run = await waitForEnd(service, runId);
      if (!values.json) io.out(`\n${formatSteps(plan, run, io.colour)}`);
    }
    let report: VerifyReport | null = null;
    const deployed = run === null || run.status === 'done';
    if ((values.verify && deployed) || verifyOnly) {
      report = await new VerifyService(service, hub, paths.dataDir).run(checks);
      if (!values.json) io.out(formatMatrix(report, io.colour));
    } else if (values.verify) {
      io.err('quorum: the run did not finish: verification skipped\n');
    }
    if (values.json) io.out(`${JSON.stringify({ preflight: rows, run, verify: report }, null, 2)}\n`);
    const ok = deployed && (report === null ? !values.verify : reportPassed(report));
    return ok ? 0 : 1;
  } finally {
    await service.dispose();
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
