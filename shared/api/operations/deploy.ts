/**
 * Deploy: preflight, host key trust, credentials (held by the backend, never in the design file), runs
 * with stop/retry/skip/resume, dry run, and the output stream with its acknowledgements.
 */
import { z } from 'zod';
import { Plan } from '../../plan/types';
import { RunOptions, RunState } from '../../deploy/run-state';
import { Empty } from './project';

/** A host key the user is asked to accept (new host), or that changed (refused). */
export const HostKeyPrompt = z.strictObject({
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** Base64 key blob, sent back with `deployTrustHostKey`. */
  key: z.string(),
  knownFingerprints: z.array(z.string()).optional(),
});
export type HostKeyPrompt = z.infer<typeof HostKeyPrompt>;

/** One row of the preflight table. */
export const PreflightRow = z.strictObject({
  node: z.string(),
  hostname: z.string(),
  target: z.string(),
  reachable: z.boolean(),
  auth: z.boolean(),
  sudo: z.boolean(),
  /** `ID VERSION_ID` from /etc/os-release. */
  os: z.string().nullable(),
  osMatches: z.boolean().nullable(),
  problem: z.string().nullable(),
  fix: z.string().nullable(),
  hostKey: HostKeyPrompt.nullable(),
});
export type PreflightRow = z.infer<typeof PreflightRow>;

/** How the backend logs in to a node. Kept in memory (browser) or the OS keyring (Electron). */
export const NodeCredentials = z.strictObject({
  /** `user@host:port` this applies to, or `*` for every node without its own. */
  target: z.string().min(1),
  identityFile: z.string().optional(),
  passphrase: z.string().optional(),
  password: z.string().optional(),
  agent: z.string().optional(),
  sudoPassword: z.string().optional(),
  /** Keep them across restarts, encrypted by the OS keyring (Electron only). */
  remember: z.boolean().optional(),
  /** Store even though no OS keyring protects them (explicit opt-in after the warning). */
  allowWithoutKeyring: z.boolean().optional(),
});
export type NodeCredentials = z.infer<typeof NodeCredentials>;

export const DryRunItem = z.strictObject({
  kind: z.enum(['guard', 'run', 'check', 'write-file']),
  step: z.string(),
  command: z.string().optional(),
  path: z.string().optional(),
  owner: z.string().optional(),
  group: z.string().optional(),
  mode: z.string().optional(),
  content: z.string().optional(),
  sudo: z.boolean(),
});

/** One node's answer to "is this step done?": each thing compared, and what differs. */
export const StepCheckNode = z.strictObject({
  node: z.string(),
  hostname: z.string(),
  done: z.boolean(),
  findings: z.array(z.strictObject({ what: z.string(), ok: z.boolean(), detail: z.string().nullable() })),
  /** The node could not be checked at all (unreachable, login refused…). */
  error: z.string().nullable(),
});
export type StepCheckNode = z.infer<typeof StepCheckNode>;

const RunRef = z.strictObject({ runId: z.string() });
const TaskRef = z.strictObject({ runId: z.string(), step: z.string(), node: z.string() });

/** What the Deploy tab shows after a (re)load: the plan, the run and each node's recent output. */
export const DeployView = z.strictObject({
  plan: Plan.nullable(),
  run: RunState.nullable(),
  /** Tail of each node's log (from disk), to refill the terminals after a reload. */
  logs: z.record(z.string(), z.string()),
  /** Said when SSH runs slower than it should on this host (ssh2 without its native crypto), else null. */
  sshNotice: z.string().nullable(),
});
export type DeployView = z.infer<typeof DeployView>;

export const deployOperations = {
  /** Sets the plan the Deploy tab runs (the Plan tab sends the compiled plan; tests seed one). */
  deployLoadPlan: { input: z.strictObject({ plan: Plan }), output: Empty },
  /** The current plan and run, and resets output credit (a reloaded page acknowledges nothing old). */
  deployAttach: { input: Empty, output: DeployView },
  deploySetCredentials: { input: NodeCredentials, output: Empty },
  /** Whether this host can remember credentials, and the warning to show when no keyring protects them. */
  deployCredentialStorage: {
    input: Empty,
    output: z.strictObject({ persistent: z.boolean(), keyring: z.boolean(), warning: z.string().nullable() }),
  },
  /** Appends pre-provisioned known_hosts lines (OpenSSH format). */
  deployAddKnownHosts: { input: z.strictObject({ lines: z.array(z.string().min(1)) }), output: Empty },
  /** Trusts a host key after the user compared its fingerprint. */
  deployTrustHostKey: {
    input: z.strictObject({ host: z.string(), port: z.number().int(), key: z.string() }),
    output: Empty,
  },
  deployPreflight: { input: Empty, output: z.strictObject({ rows: z.array(PreflightRow) }) },
  deployDryRun: {
    input: Empty,
    output: z.strictObject({
      nodes: z.array(z.strictObject({ node: z.string(), hostname: z.string(), items: z.array(DryRunItem) })),
      text: z.string(),
    }),
  },
  deployStart: { input: z.strictObject({ options: RunOptions.optional() }), output: RunRef },
  /** Runs one step of the loaded plan alone, as a run of its own (the Guide tab's "Run it for me"). */
  /** Checks one step on its nodes without changing them (its checks, files and guard): done, or what differs. */
  deployCheckStep: {
    input: z.strictObject({ step: z.string().min(1) }),
    output: z.strictObject({ nodes: z.array(StepCheckNode) }),
  },
  deployRunStep: {
    input: z.strictObject({ step: z.string().min(1), options: RunOptions.optional() }),
    output: RunRef,
  },
  /** Stops scheduling; running steps finish. */
  deployStop: { input: RunRef, output: Empty },
  /** Stops and kills running steps' remote processes. */
  deployCancel: { input: RunRef, output: Empty },
  deployResume: { input: RunRef, output: Empty },
  deployRetry: { input: TaskRef, output: Empty },
  deploySkip: { input: TaskRef, output: Empty },
  /** The renderer wrote this many characters of output (xterm's write callback). */
  deployAck: { input: z.strictObject({ runId: z.string(), chars: z.number().int().min(0) }), output: Empty },
  /** An interactive shell (PTY) on a node of the plan. */
  shellOpen: {
    input: z.strictObject({
      node: z.string(),
      cols: z.number().int().min(1).max(1000),
      rows: z.number().int().min(1).max(1000),
    }),
    output: z.strictObject({ shellId: z.string() }),
  },
  shellInput: {
    input: z.strictObject({ shellId: z.string(), data: z.string().max(1 << 20) }),
    output: Empty,
  },
  shellResize: {
    input: z.strictObject({
      shellId: z.string(),
      cols: z.number().int().min(1).max(1000),
      rows: z.number().int().min(1).max(1000),
    }),
    output: Empty,
  },
  shellClose: { input: z.strictObject({ shellId: z.string() }), output: Empty },
} as const;

export const deployEvents = {
  shellOutput: z.strictObject({ shellId: z.string(), data: z.string() }),
  shellExit: z.strictObject({ shellId: z.string() }),
  deployOutput: z.strictObject({ runId: z.string(), node: z.string(), data: z.string() }),
  deployState: z.strictObject({ run: RunState }),
} as const;
