// Which installed packages the packaged app needs at run time. Only the main bundle's externals load from
// node_modules (scripts/packaging/bundle-externals.mjs); of those, only their `dependencies` ship: their
// optional ones are ssh2's native addons (cpu-features, nan), which the app does without (docs/packaging.md).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads node_modules/NAME/package.json under `root`; null when the package is not installed. */
export function manifestReader(root) {
  return (name) => {
    const file = join(root, 'node_modules', name, 'package.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  };
}

/** Every package reachable from `roots` through `fields` of each manifest (roots included). */
export function dependencyClosure(roots, readManifest, fields) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    const manifest = readManifest(name);
    if (!manifest) continue;
    seen.add(name);
    for (const field of fields) queue.push(...Object.keys(manifest[field] ?? {}));
  }
  return seen;
}

/**
 * The app's production dependencies split in two: `ship` (what the main bundle requires at run time, and
 * what they require) and `drop` (bundled already, or optional native code). Sorted, for stable output.
 */
export function runtimeModules(pkg, externals, readManifest) {
  const declared = Object.keys(pkg.dependencies ?? {});
  const ship = dependencyClosure(
    declared.filter((name) => externals.includes(name)),
    readManifest,
    ['dependencies'],
  );
  const all = dependencyClosure(declared, readManifest, ['dependencies', 'optionalDependencies']);
  return {
    ship: [...ship].sort(),
    drop: [...all].filter((name) => !ship.has(name)).sort(),
  };
}
