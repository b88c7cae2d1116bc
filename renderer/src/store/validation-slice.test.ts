import { beforeEach, expect, test } from 'vitest';
import { goodDesign, variant } from '../../../shared/design/fixtures/designs';
import { validate } from '../../../shared/rules/validate';
import { useStore } from './index';

beforeEach(() => {
  useStore.getState().clearFailures();
});

test('toggling a failure adds it and toggling again repairs it', () => {
  const { toggleFailed } = useStore.getState();
  toggleFailed('nodes', 'ctl1');
  toggleFailed('networks', 'mgmt');
  expect(useStore.getState().failedNodes).toEqual(['ctl1']);
  expect(useStore.getState().failedNetworks).toEqual(['mgmt']);
  toggleFailed('nodes', 'ctl1');
  expect(useStore.getState().failedNodes).toEqual([]);
});

test('new findings drop failures and overrides of nodes that no longer exist', () => {
  const state = useStore.getState();
  state.setFindings(goodDesign(), validate(goodDesign()));
  state.toggleFailed('nodes', 'ctl3');
  state.toggleFailed('nodes', 'ctl1');
  state.setNodeReliability('ctl3', 'mttrHours', 48);
  const smaller = variant((d) => (d.nodes = d.nodes!.filter((n) => n.id !== 'ctl3')));
  state.setFindings(smaller, validate(smaller));
  const after = useStore.getState();
  expect(after.failedNodes).toEqual(['ctl1']);
  expect(after.reliabilityPerNode).toEqual({});
  expect(after.findings.map((f) => f.ruleId)).toContain('quorum.galera');
});

test('a per-node override returns to the default when cleared', () => {
  const { setNodeReliability } = useStore.getState();
  setNodeReliability('ctl1', 'mttfHours', 1000);
  setNodeReliability('ctl1', 'mttrHours', 24);
  expect(useStore.getState().reliabilityPerNode).toEqual({ ctl1: { mttfHours: 1000, mttrHours: 24 } });
  setNodeReliability('ctl1', 'mttfHours', undefined);
  setNodeReliability('ctl1', 'mttrHours', undefined);
  expect(useStore.getState().reliabilityPerNode).toEqual({});
});
