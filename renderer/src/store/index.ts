/**
 * The one store, built from typed slices (zustand's slices pattern). Components select single fields;
 * high-frequency data (terminal bytes) never passes through here.
 */
import { create } from 'zustand';
import { createPlanSlice, type PlanSlice } from './plan-slice';
import { createProjectSlice, type ProjectSlice } from './project-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createValidationSlice, type ValidationSlice } from './validation-slice';
import { createCanvasSlice, type CanvasSlice } from './canvas-slice';
import { createDeploySlice, type DeploySlice } from './deploy-slice';
import { createVerifySlice, type VerifySlice } from './verify-slice';
import { createDrillSlice, type DrillSlice } from './drill-slice';
import { createGuideSlice, type GuideSlice } from './guide-slice';

export type AppState = ProjectSlice &
  UiSlice &
  ValidationSlice &
  CanvasSlice &
  PlanSlice &
  DeploySlice &
  VerifySlice &
  DrillSlice &
  GuideSlice;

export const useStore = create<AppState>()((...args) => ({
  ...createProjectSlice(...args),
  ...createUiSlice(...args),
  ...createValidationSlice(...args),
  ...createCanvasSlice(...args),
  ...createPlanSlice(...args),
  ...createDeploySlice(...args),
  ...createVerifySlice(...args),
  ...createDrillSlice(...args),
  ...createGuideSlice(...args),
}));

export { selectDirty } from './project-slice';
