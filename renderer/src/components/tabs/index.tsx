import type { ComponentType } from 'react';
import type { TabId } from '../../store/ui-slice';
import { DesignTab } from './DesignTab';
import { PlaceholderTab } from './PlaceholderTab';
import { DeployTab } from '../deploy/DeployTab';

/** Which component renders each wizard tab; a tab without one yet shows what will appear there. */
export const TAB_CONTENT: Record<TabId, ComponentType> = {
  design: DesignTab,
  options: () => <PlaceholderTab tab="options" />,
  validate: () => <PlaceholderTab tab="validate" />,
  plan: () => <PlaceholderTab tab="plan" />,
  deploy: DeployTab,
  guide: () => <PlaceholderTab tab="guide" />,
};
