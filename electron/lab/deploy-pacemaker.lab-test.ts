// A real HA deployment of the infrastructure layer on lab nodes (`npm run test:lab`; Linux, root), part 2:
// Pacemaker/Corosync with the VIP as an IPaddr2 resource and a cloned HAProxy, on nodes with a golden layer
// (the plan's packages pre-installed), then its second run and the re-apply of drift (a changed
// corosync.conf, a changed VIP resource). Runs after part 1 (deploy-keepalived.lab-test.ts), reusing the
// base root filesystem it built in the shared data folder.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../shared/design/schema';
import type { DeployService } from '../runner/deploy-service';
import { deploy, labDeployService, planInstalls, sh, until } from './deploy-support';
import {
  DEPLOY_TIMEOUT_MS,
  appDir,
  deploySuiteHooks,
  haPackages,
  labHaDesign,
  labUpForDeploy,
  retriedNote,
  secondRunChangesNothing,
  timings,
} from './deploy-test-support';
import { verifyLabDeployment } from './verify-support';
import type { LabHandle } from './index';

describe('a real HA deployment with Pacemaker on lab nodes with a golden layer', () => {
  let lab: LabHandle;
  let service: DeployService;
  let design: Design;

  deploySuiteHooks(() => service);

  /** crm_mon -1 on the first node: every node online, the haproxy clone on each, the VIP on exactly one. */
  async function pacemakerHealthy(): Promise<string> {
    const names = lab.nodes.map((n) => n.hostname);
    const vip = design.vips[0]!.address;
    const status = await sh(lab, names[0]!, 'crm_mon -1');
    const online = /Online:\s*\[\s*([^\]]*)\]/.exec(status)?.[1]?.trim().split(/\s+/) ?? [];
    expect(online.sort()).toEqual([...names].sort());
    expect(
      /haproxy-clone[^\n]*\n\s*\*\s*Started:\s*\[\s*([^\]]*)\]/.exec(status)?.[1]?.trim().split(/\s+/).sort(),
    ).toEqual([...names].sort());
    const started = [...status.matchAll(/vip-\S+\s+\(ocf:heartbeat:IPaddr2\):\s+Started (\S+)/g)].map(
      (m) => m[1],
    );
    expect(started).toHaveLength(1);
    const holders = [];
    for (const node of names)
      if ((await sh(lab, node, 'ip -4 -o addr show dev host0')).includes(` ${vip}/`)) holders.push(node);
    expect(holders).toEqual(started);
    return status;
  }

  /** Waits (up to a minute) until pacemakerHealthy holds after a change, then checks it once more. */
  async function healthyAgain(): Promise<void> {
    const healthy = () =>
      pacemakerHealthy().then(
        () => true,
        () => false,
      );
    await until(healthy, 60_000, 'Pacemaker to be healthy again');
    await pacemakerHealthy();
  }

  /** `Install:` lines in each node's apt history (the golden layer's own install is in its lower layer). */
  async function aptInstalls(): Promise<number[]> {
    return Promise.all(
      lab.nodes.map(async (n) =>
        Number(await sh(lab, n.hostname, 'grep -c "^Install:" /var/log/apt/history.log || true')),
      ),
    );
  }

  it(
    'Pacemaker/Corosync on 3 nodes with the VIP as an IPaddr2 resource, on base + golden layer: 3 online, the VIP started on exactly one, which holds the address; the installs find every package present',
    async () => {
      // The golden layer holds what this design's plan installs (built once, kept with the base).
      const packages = haPackages('pacemaker-haproxy');
      const up = await labUpForDeploy(packages);
      lab = up.lab;
      design = labHaDesign(false, 'pacemaker-haproxy');
      service = await labDeployService(appDir, lab.state.identityFile);
      const installsBefore = await aptInstalls();
      const outcome = await deploy(service, design);
      timings.push(
        `deploy with Pacemaker VIP (golden layer): ${outcome.seconds.toFixed(1)} s${retriedNote(outcome.retried)}`,
      );
      expect(outcome.failures).toEqual([]);
      const verification = await verifyLabDeployment(service, design);
      expect(verification.red).toEqual([]);
      timings.push(
        `bring-up → verified cluster, base + golden layer present (lab up ${up.upSeconds.toFixed(1)} + deploy ${outcome.seconds.toFixed(1)} + verify ${verification.seconds.toFixed(1)}): ${(up.upSeconds + outcome.seconds + verification.seconds).toFixed(1)} s`,
      );
      // The plan's install steps ran on every node and found the packages present: apt installed nothing.
      const installs = planInstalls(outcome.plan);
      expect(installs.packages).toEqual(packages);
      const tasks = installs.steps.flatMap((step) =>
        Object.entries(outcome.state.tasks[step] ?? {}).map(([node, task]) => ({ step, node, task })),
      );
      expect(tasks.length).toBeGreaterThanOrEqual(installs.steps.length);
      expect(tasks.filter(({ task }) => task.status !== 'ok')).toEqual([]);
      expect(await aptInstalls()).toEqual(installsBefore);
      const byGuard = tasks.filter(({ task }) => task.byGuard).length;
      timings.push(
        `install steps on the golden layer: ${tasks.length} tasks of ${installs.steps.length} steps ran, apt installed nothing (${byGuard} already done by their guard, the others found the packages in their first command)`,
      );
      const status = await pacemakerHealthy();
      timings.push(`crm_mon -1:\n    ${status.split('\n').join('\n    ')}`);
      expect(await sh(lab, lab.nodes[1]!.hostname, 'pcs property config stonith-enabled')).toMatch(
        /stonith-enabled:\s*false/,
      );
    },
    DEPLOY_TIMEOUT_MS,
  );

  it("running the Pacemaker design's plan again changes nothing: every step is already done, crm_mon stays healthy", async () => {
    await secondRunChangesNothing(service, design, 'the Pacemaker plan');
    await pacemakerHealthy();
    expect((await verifyLabDeployment(service, design)).red).toEqual([]);
  });

  it("a changed corosync.conf on one node is put back: only that node's Corosync steps run, the cluster stays healthy", async () => {
    const node = design.nodes[1]!;
    await sh(lab, node.hostname, "echo '# changed by hand' >> /etc/corosync/corosync.conf");
    const outcome = await deploy(service, design);
    timings.push(`re-run after a drifted corosync.conf: ${outcome.seconds.toFixed(1)} s`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran.sort()).toEqual([`pacemaker.corosync@${node.id}`, `pacemaker.start@${node.id}`]);
    expect(
      await sh(lab, node.hostname, 'grep -c "changed by hand" /etc/corosync/corosync.conf || true'),
    ).toBe('0');
    await healthyAgain();
  });

  it("a VIP resource's parameter changed by hand is put back: the VIP step updates the existing resource (no create), the cluster stays healthy", async () => {
    const id = `vip-${design.vips[0]!.id}`;
    const first = lab.nodes[0]!.hostname;
    const netmask = () =>
      sh(lab, first, `crm_resource --quiet --resource ${id} --get-parameter cidr_netmask`);
    const wanted = await netmask();
    expect(wanted).not.toBe('32');
    await sh(lab, first, `pcs resource update ${id} cidr_netmask=32`);
    expect(await netmask()).toBe('32');
    const outcome = await deploy(service, design);
    timings.push(`re-run after a drifted VIP resource: ${outcome.seconds.toFixed(1)} s`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.ran.map((r) => r.split('@')[0])).toEqual(['lb.pacemaker-vips']);
    expect(await netmask()).toBe(wanted);
    await healthyAgain();
  });
});
