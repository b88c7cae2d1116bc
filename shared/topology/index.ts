/** The resolved topology: `resolveTopology(design)` and the types every stage reads. */
export * from './types';
export { resolveTopology } from './resolve';
export { quorumOf, nodesWithRole, clusterNameOf, prefixLength } from './basics';
export { releaseFacts, releaseCodename, atLeast, type ReleaseFacts, type PackageSource } from './release';
export { clusterServicesOf } from './services';
export { DESIGN_ONLY_OPTIONS } from './design-only';
export { servicePlacement, type Placed } from './placement';
