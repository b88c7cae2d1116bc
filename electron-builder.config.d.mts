import type { Configuration } from 'electron-builder';
/** The project file type, the same on every platform. */
export const PROJECT_FILE: {
  ext: string;
  name: string;
  description: string;
  mimeType: string;
  role: 'Editor';
};
declare const config: Configuration;
export default config;
