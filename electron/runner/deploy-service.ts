/**
 * The backend's deploy state: the plan to run, credentials (in memory: the browser host never writes
 * them anywhere), generated secrets, the app's known_hosts, and the current run. The API handlers are a
 * thin layer over this.
 */
import { randomBytes } from 'node:crypto';
import { secretValue } from '../../shared/plan/secrets';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventHub } from '../../shared/api/dispatcher';
import { ApiError } from '../../shared/api/result';
import type {
  DeployView,
  NodeCredentials,
  PreflightRow,
  StepCheckNode,
} from '../../shared/api/operations/deploy';
import { dryRun, dryRunText } from '../../shared/deploy/dry-run';
import { stepNodes } from '../../shared/deploy/run-state';
import type { RunOptions, RunState } from '../../shared/deploy/run-state';
import { RunOptions as RunOptionsSchema } from '../../shared/deploy/run-state';
import type { Plan, PlanNode, SecretSpec } from '../../shared/plan/types';
import { SshConnection, parseJump, type SshCredentials } from '../ssh/connection';
import { KnownHostsFile } from '../ssh/known-hosts';
import { sshCryptoNotice } from '../ssh/native-crypto';
import { ConnectionPool } from './connection-pool';
import { PlanRunner } from './plan-runner';
import { ShellSessions } from './shell-sessions';
import { preflightNode } from './preflight';
import { checkStepOnNodes } from './step-check';
import { loadCredentials, saveCredentials, type CredentialVault } from './credential-vault';
import { loadSecrets, projectSecretsDir, saveSecrets } from './secret-store';
import { NodeCredentials as NodeCredentialsSchema } from '../../shared/api/operations/deploy';

/** How much of each node's log a reloaded page gets back. */
const LOG_TAIL_CHARS = 64 * 1024;

/** A fresh value for a plan secret, in the format its kind needs (one definition, in shared/plan/secrets). */
function generateSecret(spec: SecretSpec): string {
  return secretValue(spec, randomBytes(Math.max(spec.length, 32)));
}

/** The plan's step `stepId`, or a not-found error naming it. */
function requireStep(plan: Plan, stepId: string): Plan['steps'][number] {
  const step = plan.steps.find((s) => s.id === stepId);
  if (!step) throw new ApiError('not-found', `the plan has no step ${stepId}`);
  return step;
}

export class DeployService {
  plan: Plan | null = null;
  private runner: PlanRunner | null = null;
  private credentials = new Map<string, NodeCredentials>();
  private secrets = new Map<string, string>();
  readonly knownHosts: KnownHostsFile;
  readonly runsDir: string;
  readonly shells: ShellSessions;

  private storedLoaded = false;

  constructor(
    private readonly dataDir: string,
    private readonly hub: EventHub,
    private readonly vault?: CredentialVault,
    /** `knownHostsFile`: trust this file instead of the app's own (the CLI's `--known-hosts`). */
    options: { knownHostsFile?: string } = {},
  ) {
    this.knownHosts = new KnownHostsFile(options.knownHostsFile ?? join(dataDir, 'known_hosts'));
    this.runsDir = join(dataDir, 'runs');
    this.shells = new ShellSessions(
      hub,
      (node) => this.connect(node),
      () => this.maskValues(),
    );
  }

  /** A node of the current plan, by id. */
  node(id: string): PlanNode {
    const node = this.requirePlan().nodes.find((n) => n.id === id);
    if (!node) throw new ApiError('not-found', `the plan has no node ${id}`);
    return node;
  }

  /** The current run, if any (benchmarks and tests read its counters). */
  get currentRunner(): PlanRunner | null {
    return this.runner;
  }

  /** What this host can do with credentials (the UI shows the warning before any opt-in). */
  credentialStorage(): { persistent: boolean; keyring: boolean; warning: string | null } {
    if (!this.vault) return { persistent: false, keyring: false, warning: null };
    const keyring = this.vault.keyringAvailable();
    return {
      persistent: true,
      keyring,
      warning: keyring
        ? null
        : 'No OS keyring is available: remembered credentials would be protected by a key stored next to them. They are kept in memory unless you explicitly choose to store them anyway.',
    };
  }

  /** Loads remembered credentials once (Electron); memory-only hosts have none. */
  async loadStoredCredentials(): Promise<void> {
    if (this.storedLoaded || !this.vault) return;
    this.storedLoaded = true;
    for (const entry of await loadCredentials(this.vault, this.dataDir)) {
      const parsed = NodeCredentialsSchema.safeParse(entry);
      if (parsed.success && !this.credentials.has(parsed.data.target))
        this.credentials.set(parsed.data.target, parsed.data);
    }
  }

  async setCredentials(credentials: NodeCredentials): Promise<void> {
    if (credentials.remember) {
      if (!this.vault) throw new ApiError('unsupported', 'This host keeps credentials in memory only');
      if (!this.vault.keyringAvailable() && !credentials.allowWithoutKeyring) {
        throw new ApiError('forbidden', this.credentialStorage().warning ?? 'no OS keyring');
      }
    }
    this.credentials.set(credentials.target, credentials);
    if (this.vault && credentials.remember) {
      const remembered = [...this.credentials.values()].filter((c) => c.remember);
      await saveCredentials(this.vault, this.dataDir, remembered);
    }
  }

  private credentialsFor(user: string, host: string, port: number): SshCredentials {
    const found = this.credentials.get(`${user}@${host}:${port}`) ?? this.credentials.get('*');
    if (!found) throw new ApiError('not-found', `no credentials for ${user}@${host}:${port}: set them first`);
    const { target: _target, remember: _remember, allowWithoutKeyring: _allow, ...rest } = found;
    return rest;
  }

  /** Every value that must never appear in output, journals or logs. */
  private maskValues(): string[] {
    const values = [...this.secrets.values()];
    for (const c of this.credentials.values()) {
      for (const v of [c.password, c.passphrase, c.sudoPassword]) if (v) values.push(v);
    }
    return values;
  }

  private endpoint(node: PlanNode): { host: string; port: number; user: string; proxyJump?: string } {
    if (!node.ssh) throw new ApiError('not-found', `${node.hostname} has no SSH endpoint in the design`);
    return node.ssh;
  }

  /** A connected SshConnection for a node (one per node and run: the pool reuses it). */
  private async connect(node: PlanNode): Promise<SshConnection> {
    const { host, port, user, proxyJump } = this.endpoint(node);
    const jumpTarget = proxyJump ? parseJump(proxyJump, user) : undefined;
    const connection = new SshConnection({
      target: { host, port, user },
      credentials: this.credentialsFor(user, host, port),
      knownHosts: this.knownHosts,
      ...(jumpTarget
        ? {
            jump: {
              target: jumpTarget,
              credentials: this.credentialsFor(jumpTarget.user, jumpTarget.host, jumpTarget.port),
            },
          }
        : {}),
    });
    await connection.connect();
    return connection;
  }

  private requirePlan(): Plan {
    if (!this.plan) throw new ApiError('not-found', 'no plan to deploy: compile one in the Plan tab');
    return this.plan;
  }

  private requireRun(runId: string): PlanRunner {
    if (!this.runner || this.runner.state.runId !== runId) throw new ApiError('not-found', `no run ${runId}`);
    return this.runner;
  }

  async loadPlan(plan: Plan): Promise<void> {
    if (this.runner?.running) throw new ApiError('forbidden', 'a run is in progress: stop it first');
    this.plan = plan;
  }

  /** Reopens the newest run on disk when the backend has none (after a restart). */
  private async latestRun(): Promise<PlanRunner | null> {
    if (this.runner) return this.runner;
    let names: string[];
    try {
      names = await readdir(this.runsDir);
    } catch {
      return null;
    }
    const dated = await Promise.all(
      names.map(async (name) => ({ name, at: (await stat(join(this.runsDir, name))).mtimeMs })),
    );
    const newest = dated.sort((a, b) => b.at - a.at)[0];
    if (!newest) return null;
    try {
      // The run's own copy of the secrets it used: a resumed step gets exactly the values its
      // earlier steps wrote on the nodes.
      this.secrets = await loadSecrets(join(this.runsDir, newest.name), this.vault);
      this.runner = await PlanRunner.reopen(join(this.runsDir, newest.name), this.deps());
      this.plan ??= this.runner.plan;
    } catch {
      return null;
    }
    return this.runner;
  }

  async attach(): Promise<DeployView> {
    await this.loadStoredCredentials();
    const runner = await this.latestRun();
    runner?.pump.resetCredit();
    const logs: Record<string, string> = {};
    if (runner) {
      runner.pump.flush();
      for (const node of runner.plan.nodes) {
        try {
          const text = await readFile(join(runner.runDir, 'logs', `${node.id}.log`), 'utf8');
          logs[node.id] = text.slice(-LOG_TAIL_CHARS);
        } catch {
          // no output yet
        }
      }
    }
    return { plan: this.plan, run: runner?.state ?? null, logs, sshNotice: sshCryptoNotice.text };
  }

  private deps() {
    return {
      pool: new ConnectionPool((node) => this.connect(node)),
      secrets: this.secrets,
      maskValues: () => this.maskValues(),
      emitOutput: (node: string, data: string) => {
        if (this.runner) this.hub.emit('deployOutput', { runId: this.runner.state.runId, node, data });
      },
      flowControlled: () => this.hub.listenerCount('deployOutput') > 0,
      onState: (state: RunState) => this.hub.emit('deployState', { run: state }),
    };
  }

  /**
   * The design's secrets: those kept from earlier runs, plus a fresh value for each one the plan needs
   * that has none yet (then kept, before any node sees it).
   */
  private async projectSecrets(plan: Plan): Promise<Map<string, string>> {
    const dir = projectSecretsDir(this.dataDir, plan.designName);
    let secrets: Map<string, string>;
    try {
      secrets = await loadSecrets(dir, this.vault);
    } catch (error) {
      throw new ApiError(
        'io',
        `cannot read the secrets kept for "${plan.designName}": ${(error as Error).message}`,
      );
    }
    const missing = plan.secrets.filter((spec) => !secrets.has(spec.name));
    for (const spec of missing) secrets.set(spec.name, generateSecret(spec));
    if (missing.length > 0) saveSecrets(dir, secrets, this.vault);
    return secrets;
  }

  async start(options: RunOptions | undefined): Promise<string> {
    return this.startPlan(this.requirePlan(), options);
  }

  /**
   * Runs one step of the plan alone (the Guide tab's "Run it for me"): a run of its own whose plan holds
   * only that step, its dependencies dropped because the trainee walks them in order. It uses the
   * design's kept secrets, like a full run, so the values match what earlier steps wrote on the nodes.
   */
  async runStep(stepId: string, options: RunOptions | undefined): Promise<string> {
    const plan = this.requirePlan();
    const step = requireStep(plan, stepId);
    return this.startPlan({ ...plan, steps: [{ ...step, dependsOn: [] }] }, options);
  }

  /** Checks one step on its nodes without changing them ("Check" after doing it by hand). */
  async checkStep(stepId: string): Promise<StepCheckNode[]> {
    const plan = this.requirePlan();
    const step = requireStep(plan, stepId);
    await this.loadStoredCredentials();
    this.secrets = await this.projectSecrets(plan);
    const nodes = stepNodes(step).map((id) => this.node(id));
    return checkStepOnNodes(step, nodes, {
      connect: (node) => this.connect(node),
      secrets: this.secrets,
      maskValues: () => this.maskValues(),
    });
  }

  private async startPlan(plan: Plan, options: RunOptions | undefined): Promise<string> {
    await this.loadStoredCredentials();
    if (this.runner?.running) throw new ApiError('forbidden', 'a run is in progress');
    this.secrets = await this.projectSecrets(plan);
    await this.runner?.close();
    this.runner = await PlanRunner.create(
      plan,
      options ?? RunOptionsSchema.parse({}),
      this.runsDir,
      this.deps(),
    );
    saveSecrets(this.runner.runDir, this.secrets, this.vault);
    this.hub.emit('deployState', { run: this.runner.state });
    void this.runner.run();
    return this.runner.state.runId;
  }

  stop(runId: string): void {
    this.requireRun(runId).stop();
  }

  cancel(runId: string): void {
    this.requireRun(runId).cancel();
  }

  resume(runId: string): void {
    void this.requireRun(runId).run();
  }

  async retry(runId: string, step: string, node: string): Promise<void> {
    const runner = this.requireRun(runId);
    await runner.retry(step, node);
    void runner.run();
  }

  async skip(runId: string, step: string, node: string): Promise<void> {
    const runner = this.requireRun(runId);
    await runner.skip(step, node);
    if (!runner.running) this.hub.emit('deployState', { run: runner.state });
  }

  ack(runId: string, chars: number): void {
    if (this.runner?.state.runId === runId) this.runner.pump.ack(chars);
  }

  dryRun() {
    const nodes = dryRun(this.requirePlan());
    return { nodes, text: dryRunText(nodes) };
  }

  /** Checks every node: reachable, host key, login, sudo, OS. Runs nothing that changes a node. */
  async preflight(): Promise<PreflightRow[]> {
    const plan = this.requirePlan();
    await this.loadStoredCredentials();
    return Promise.all(plan.nodes.map((node) => preflightNode(node, plan.distro, (n) => this.connect(n))));
  }

  /**
   * What a verification (electron/verify) needs from this session: the plan, the same connector (credentials,
   * known_hosts, jump host), the run's secrets and the values to mask, and the newest run's folder.
   */
  async verifyAccess(): Promise<{
    plan: Plan;
    connect: (node: PlanNode) => Promise<SshConnection>;
    secrets: ReadonlyMap<string, string>;
    maskValues: () => string[];
    run: { runId: string; runDir: string } | null;
  }> {
    await this.loadStoredCredentials();
    const runner = await this.latestRun();
    return {
      plan: this.requirePlan(),
      connect: (node) => this.connect(node),
      secrets: this.secrets,
      maskValues: () => this.maskValues(),
      run: runner ? { runId: runner.state.runId, runDir: runner.runDir } : null,
    };
  }

  async dispose(): Promise<void> {
    this.shells.closeAll();
    await this.runner?.close();
  }
}
