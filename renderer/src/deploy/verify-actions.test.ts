import { beforeEach, expect, test } from 'vitest';
import { initialRunState } from '../../../shared/deploy/run-state';
import { compilePlan } from '../../../shared/plan/compile';
import { templateDesigns } from '../../../shared/plan/fixtures/designs';
import { useStore } from '../store';
import { checksToRun, verifyAfterRun } from './verify-actions';

const design = templateDesigns()['ha-guide-reference']!;

beforeEach(() => {
  useStore.setState({ design, deployPlan: null, verifyReport: null, verifyStarting: false, notice: null });
});

test('the design checks for the loaded plan: infrastructure scope has no API checks; nodes outside the plan are left out', () => {
  const infrastructure = compilePlan(design, { scope: 'infrastructure' });
  useStore.setState({ deployPlan: infrastructure });
  const ids = checksToRun().map((c) => c.id);
  expect(ids).toContain('galera.cluster-size');
  expect(ids.some((id) => id.startsWith('api.'))).toBe(false);
  useStore.setState({ deployPlan: compilePlan(design) });
  expect(checksToRun().some((c) => c.id.startsWith('api.'))).toBe(
    design.vips.some((v) => v.services.includes('keystone')),
  );
  const galeraNodes = checksToRun().find((c) => c.id === 'galera.cluster-size')!.nodes;
  useStore.setState({
    deployPlan: { ...infrastructure, nodes: infrastructure.nodes.filter((n) => n.id !== galeraNodes[0]) },
  });
  expect(checksToRun().some((c) => c.id === 'galera.cluster-size')).toBe(false);
});

test('a run this page saw finishing is verified; a run already done when the page loaded is not', () => {
  const plan = compilePlan(design, { scope: 'infrastructure' });
  useStore.setState({ deployPlan: plan });
  const running = { ...initialRunState('r1', plan, new Date().toISOString()), status: 'running' as const };
  const done = { ...running, status: 'done' as const };
  verifyAfterRun(done, done);
  verifyAfterRun(null, done);
  expect(useStore.getState().notice).toBeNull();
  // No backend in a unit test: the attempt shows up as the notice of a failed call.
  verifyAfterRun(running, done);
  expect(useStore.getState().notice).toMatch(/^Verify: /);
});
