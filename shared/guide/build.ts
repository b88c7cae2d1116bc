/**
 * `buildGuide(design, plan) → Guide`: the concepts chapter, then one chapter per plan phase in the plan's
 * (the HA guide's) order, one section per step with this design's host names, commands and files. Secrets
 * stay masked as «secret:NAME» unless their values are passed in. Pure and deterministic.
 */
import type { Design } from '../design/schema';
import type { Action, Phase, Plan, Step } from '../plan/types';
import { SECRET_REFERENCE } from '../plan/types';
import { maskedSecret } from '../runbook/model';
import { describeExpectation, PHASE_TITLES } from '../runbook/render';
import { conceptsChapter } from './concepts';
import type { Guide, GuideAction, GuideChapter, StepSection } from './types';

/** What each phase's chapter builds, in one paragraph. */
const PHASE_INTROS: Record<Phase, string> = {
  preflight:
    'Before anything changes, check that every node is reachable, runs the expected system and has the time, names and resources the clusters will rely on.',
  os: 'Prepare the operating system the same way on every node: package sources, names, time and the firewall, so the clusters see consistent peers.',
  pacemaker:
    'Corosync gives the nodes a membership and quorum; Pacemaker, on top of it, starts, stops and moves the resources that must run in one place at a time.',
  database:
    'The database sits at the heart of the cloud. Galera replicates it synchronously between the database nodes: the first node bootstraps the cluster, the others join it.',
  messaging:
    'The services talk to each other through RabbitMQ. Its nodes form one cluster and the queues are replicated, so a failed broker loses no messages.',
  memcached:
    'memcached caches tokens and sessions for the API services; it holds nothing that cannot be rebuilt.',
  'load-balancing':
    'The virtual IPs are the addresses everything else uses. One node holds each VIP at a time and HAProxy on the load balancers spreads the requests over the healthy back ends.',
  keystone:
    'Identity is the first OpenStack service: every other one authenticates through it, behind its VIP.',
  glance: 'The image service stores the images instances boot from; its API is stateless behind the VIP.',
  nova: 'Placement and the Compute control services (API, scheduler, conductor) run active/active on the controllers.',
  neutron:
    'Networking: the Neutron server on the controllers, and the agents that route and serve DHCP and metadata on the network nodes, each made highly available in its own way.',
  storage:
    'Shared storage lets any controller serve any image or volume and lets instances move off a failed compute node.',
  swift: 'Object storage: proxies behind the VIP and storage nodes holding replicas of every object.',
  cinder:
    'Block Storage: the volume API and scheduler on the controllers, the volume service where the storage is.',
  horizon: 'The dashboard is a stateless web application; its sessions live in memcached.',
  compute:
    'The compute nodes run the instances; they are not clustered, their instances are protected by shared storage and evacuation.',
  octavia: 'Load balancing as a service: Octavia starts amphora instances that balance tenants’ traffic.',
  telemetry: 'Metrics, alarms and central logs, so failures are seen before users report them.',
  verify:
    'Check the whole: every cluster formed, every VIP held by one node, every service answering through its VIP.',
};

/** What a lab of containers on one kernel cannot show in a phase (LAB-NOTES: the kernel). */
function labLimits(phase: Phase, design: Design): string[] {
  switch (phase) {
    case 'neutron':
      return [
        design.options.neutron === 'ovn'
          ? 'A training lab has no Open vSwitch kernel datapath and no GENEVE: OVN cannot carry tenant traffic there. The steps run, but instances’ traffic cannot be shown.'
          : 'A training lab has no Open vSwitch kernel datapath, no VLAN devices and no bonding: OVS runs with its slower userspace datapath and each design network is a bridge of its own.',
      ];
    case 'compute':
      return [
        'A training lab has no nested virtualisation: instances run under QEMU emulation (virt_type = qemu), slowly.',
      ];
    case 'octavia':
      return [
        'Amphorae are instances: without nested virtualisation in a training lab they boot under QEMU emulation and take minutes.',
      ];
    case 'storage': {
      const { images, volumes, instances } = design.options.storage;
      const limits: string[] = [];
      if (volumes === 'lvm' || design.options.database === 'drbd-mysql')
        limits.push('A training lab has no device-mapper: LVM thin volumes and DRBD cannot be shown there.');
      if ([images, volumes, instances].includes('nfs'))
        limits.push(
          'A training lab has no NFS client or server in its kernel: the NFS shares cannot be mounted there.',
        );
      return limits;
    }
    default:
      return [];
  }
}

function fill(text: string, secrets: Readonly<Record<string, string>> | undefined): string {
  return text.replace(SECRET_REFERENCE, (_, name: string) => secrets?.[name] ?? maskedSecret(name));
}

function guideAction(action: Action, secrets: Readonly<Record<string, string>> | undefined): GuideAction {
  switch (action.kind) {
    case 'run':
      return { kind: 'command', command: fill(action.command, secrets), sudo: action.sudo };
    case 'write-file':
      return {
        kind: 'file',
        path: action.path,
        owner: action.owner,
        group: action.group,
        mode: action.mode,
        content: fill(action.content, secrets),
      };
    case 'check':
      return {
        kind: 'check',
        command: fill(action.command, secrets),
        expects: describeExpectation(action),
        description: action.description ?? null,
      };
  }
}

function orderText(step: Step, nodes: string[]): string {
  if (step.mode === 'one' || nodes.length === 1) return `on ${nodes[0] ?? 'no node'} only`;
  return step.mode === 'serial' ? 'on one node after another, in this order' : 'on all of them at once';
}

/** A guard longer than this is described rather than quoted (file guards embed the whole file). */
const QUOTED_GUARD_MAX = 160;

/** What "done" looks like for a step, one sentence each. */
export function doneCriteria(
  step: Step,
  nodes: readonly string[],
  secrets?: Readonly<Record<string, string>>,
): string[] {
  const where = nodes.join(', ');
  const done: string[] = [];
  for (const action of step.actions) {
    if (action.kind === 'check') {
      const what = action.description ?? `\`${fill(action.command, secrets)}\``;
      done.push(`${what}: ${describeExpectation(action)} on ${where}.`);
    } else if (action.kind === 'write-file') {
      done.push(
        `${action.path} has exactly the content shown, owner ${action.owner}:${action.group}, mode ${action.mode}, on ${where}.`,
      );
    }
  }
  if (step.actions.some((a) => a.kind === 'run')) {
    done.push(`Every command ends with exit status 0 on ${where}.`);
  }
  if (step.guard) {
    const guard = fill(step.guard.command, secrets);
    done.push(
      guard.length <= QUOTED_GUARD_MAX
        ? `Already done where \`${guard}\` succeeds; a re-run then skips the step.`
        : 'A re-run skips the step where all of this is already true (its guard checks it).',
    );
  }
  return done;
}

function stepSection(
  step: Step,
  hostnames: ReadonlyMap<string, string>,
  secrets: Readonly<Record<string, string>> | undefined,
): StepSection {
  const targets = step.mode === 'one' ? step.targets.nodes.slice(0, 1) : step.targets.nodes;
  const nodes = targets.map((id) => hostnames.get(id) ?? id);
  return {
    kind: 'step',
    id: step.id,
    title: step.title,
    why: step.why,
    nodes,
    nodeIds: targets,
    order: orderText(step, nodes),
    actions: step.actions.map((a) => guideAction(a, secrets)),
    source: step.guide ? { ...step.guide } : null,
    done: doneCriteria(step, nodes, secrets),
    rerunSafe: step.rerunSafe,
  };
}

/** Options of `buildGuide`. */
export interface GuideOptions {
  /** Secret values by name, to reveal them; masked as «secret:NAME» when absent. */
  secrets?: Record<string, string>;
}

/** Builds the guide of a design from its compiled plan (`compilePlan(design)`). */
export function buildGuide(design: Design, plan: Plan, options: GuideOptions = {}): Guide {
  const hostnames = new Map(plan.nodes.map((n) => [n.id, n.hostname]));
  // Keyed by phase so a phase whose steps are not contiguous in the plan still makes one chapter.
  const byPhase = new Map<Phase, GuideChapter>();
  for (const step of plan.steps) {
    let chapter = byPhase.get(step.phase);
    if (!chapter) {
      chapter = {
        id: step.phase,
        title: PHASE_TITLES[step.phase] ?? step.phase,
        phase: step.phase,
        intro: PHASE_INTROS[step.phase],
        labLimits: labLimits(step.phase, design),
        sections: [],
      };
      byPhase.set(step.phase, chapter);
    }
    chapter.sections.push(stepSection(step, hostnames, options.secrets));
  }
  const chapters = [conceptsChapter(design), ...byPhase.values()];
  return { designName: plan.designName, chapters };
}
