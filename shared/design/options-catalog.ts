/**
 * Every HA choice the Options tab offers: a label, a short why, the seed document and section it comes from,
 * and a flag for legacy or risky choices. Reading and writing a choice goes through `optionValue` and
 * `applyOption` (options-values.ts), so the tab and the tests treat every group alike.
 */
import { RELEASES } from './schema';
import type { OptionChoice, OptionGroup } from './option-types';
import {
  clusterNoQuorumPolicyGroup,
  clusterTwoNodeGroup,
  databaseGroup,
  fencingGroup,
  loadBalancerGroup,
  messagingGroup,
  neutronGroup,
} from './option-groups-cluster';
import {
  distroGroup,
  lbaasGroup,
  loggingGroup,
  memcachedGroup,
  metricsGroup,
  storageImagesGroup,
  storageInstancesGroup,
  storageVolumesGroup,
  telemetryGroup,
} from './option-groups-services';
import { toc } from './option-types';

export {
  SEED_DOCUMENTS,
  type OptionChoice,
  type OptionGroup,
  type OptionKey,
  type SeedRef,
} from './option-types';

const releaseChoices: OptionChoice[] = [...RELEASES].reverse().map((r) => ({
  value: r,
  label: r,
  why: 'The OpenStack series to install; package names and options follow it.',
  source: toc('Introduction'),
}));

/** The fixed option groups, in the order the tab shows them (the arbitrator's choices depend on the nodes). */
export const OPTION_GROUPS: OptionGroup[] = [
  databaseGroup,
  messagingGroup,
  loadBalancerGroup,
  neutronGroup,
  storageImagesGroup,
  storageVolumesGroup,
  storageInstancesGroup,
  memcachedGroup,
  fencingGroup,
  clusterTwoNodeGroup,
  clusterNoQuorumPolicyGroup,
  lbaasGroup,
  telemetryGroup,
  metricsGroup,
  loggingGroup,
  distroGroup,
  { key: 'release', title: 'OpenStack release', choices: releaseChoices },
];
