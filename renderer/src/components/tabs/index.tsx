import { lazy, type ComponentType } from 'react';
import type { TabId } from '../../store/state';
import { DesignTab } from './DesignTab';
import { OptionsTab } from './OptionsTab';
import { ValidateTab } from './ValidateTab';

// Loaded when first opened: the plan compiler and renderers are needed by Plan and Deploy only, xterm and
// its addons by Deploy and Guide only (together about a third of the renderer's code).
const PlanTab = lazy(() => import('../plan/PlanTab').then((m) => ({ default: m.PlanTab })));
const DeployTab = lazy(() => import('../deploy/DeployTab').then((m) => ({ default: m.DeployTab })));
const GuideTab = lazy(() => import('../guide/GuideTab').then((m) => ({ default: m.GuideTab })));

/** Which component renders each wizard tab. */
export const TAB_CONTENT: Record<TabId, ComponentType> = {
  design: DesignTab,
  options: OptionsTab,
  validate: ValidateTab,
  plan: PlanTab,
  deploy: DeployTab,
  guide: GuideTab,
};
