import type { ComponentType } from 'react';
import type { TabId } from '../../store/state';
import { PlanTab } from '../plan/PlanTab';
import { DesignTab } from './DesignTab';
import { PlaceholderTab } from './PlaceholderTab';
import { OptionsTab } from './OptionsTab';
import { ValidateTab } from './ValidateTab';
import { DeployTab } from '../deploy/DeployTab';

/** Which component renders each wizard tab; a tab without one yet shows what will appear there. */
export const TAB_CONTENT: Record<TabId, ComponentType> = {
  design: DesignTab,
  options: OptionsTab,
  validate: ValidateTab,
  plan: PlanTab,
  deploy: DeployTab,
  guide: () => <PlaceholderTab tab="guide" />,
};
