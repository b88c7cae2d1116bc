/** The packages esbuild leaves out of the Electron main bundle. */
export const MAIN_EXTERNALS: string[];
