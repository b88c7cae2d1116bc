/**
 * The one store, built from typed slices (zustand's slices pattern). Components select single fields;
 * high-frequency data (terminal bytes) never passes through here.
 */
import { create } from 'zustand';
import type { AppState } from './state';
import { createPlanSlice } from './plan-slice';
import { createProjectSlice } from './project-slice';
import { createUiSlice } from './ui-slice';
import { createValidationSlice } from './validation-slice';
import { createCanvasSlice } from './canvas-slice';
import { createDeploySlice } from './deploy-slice';
import { createVerifySlice } from './verify-slice';
import { createDrillSlice } from './drill-slice';
import { createGuideSlice } from './guide-slice';

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
export type { AppState } from './state';
