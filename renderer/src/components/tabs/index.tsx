import type { ComponentType } from 'react';
import type { TabId } from '../../store/ui-slice';
import { PlanTab } from '../plan/PlanTab';
import { DesignTab } from './DesignTab';
import { OptionsTab } from './OptionsTab';
import { ValidateTab } from './ValidateTab';
import { DeployTab } from '../deploy/DeployTab';
import { GuideTab } from '../guide/GuideTab';

/** Which component renders each wizard tab. */
export const TAB_CONTENT: Record<TabId, ComponentType> = {
  design: DesignTab,
  options: OptionsTab,
  validate: ValidateTab,
  plan: PlanTab,
  deploy: DeployTab,
  guide: GuideTab,
};
