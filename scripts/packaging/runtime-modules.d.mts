export interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
export type ReadManifest = (name: string) => Manifest | null;
/** Reads node_modules/NAME/package.json under `root`; null when the package is not installed. */
export function manifestReader(root: string): ReadManifest;
/** Every package reachable from `roots` through `fields` of each manifest (roots included). */
export function dependencyClosure(
  roots: string[],
  readManifest: ReadManifest,
  fields: ('dependencies' | 'optionalDependencies')[],
): Set<string>;
/** The app's production dependencies: what ships in the asar and what must not. */
export function runtimeModules(
  pkg: Manifest,
  externals: string[],
  readManifest: ReadManifest,
): { ship: string[]; drop: string[] };
