/**
 * The installer configuration, checked without building anything: electron-builder's own schema accepts
 * it, and what it ships follows from the bundles' externals.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util/out/DebugLogger';
import type { Configuration } from 'electron-builder';
import config, { PROJECT_FILE } from '../../electron-builder.config.mjs';
import { MAIN_EXTERNALS } from './bundle-externals.mjs';
import { dependencyClosure, runtimeModules, type Manifest } from './runtime-modules.mjs';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  dependencies: Record<string, string>;
};

const validate = (candidate: Configuration) => validateConfiguration(candidate, new DebugLogger(false));

describe('electron-builder configuration', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is really validated: an option of the wrong type is refused with its path', async () => {
    const nsis = { ...config.nsis, oneClick: 'no' } as unknown as Configuration['nsis'];
    await expect(validate({ ...config, nsis })).rejects.toThrow(/configuration\.nsis\.oneClick/);
  });

  it('names the app as package.json does, so development and packaged builds share a data folder', () => {
    expect(pkg.productName).toBe('Quorum');
    expect(config.productName).toBe(pkg.productName);
    expect(pkg).toMatchObject({
      author: { name: expect.any(String), email: expect.stringContaining('@') },
      homepage: expect.stringMatching(/^https:\/\//),
      desktopName: `${config.linux?.executableName}.desktop`,
    });
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i);
    // The window's WM_CLASS comes from desktopName: an own StartupWMClass would unlink it from the entry.
    expect(config.linux?.desktop?.entry).not.toHaveProperty('StartupWMClass');
  });

  it('builds AppImage/deb/rpm, NSIS and a hardened dmg with their icons', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true });
    expect([config.linux?.icon, config.win?.icon, config.mac?.icon]).toEqual([
      'out/icons/icon.png',
      'out/icons/icon.ico',
      'out/icons/icon.icns',
    ]);
    expect(config.linux?.category).toBeTruthy();
    expect(config.mac?.category).toMatch(/^public\.app-category\./);
  });

  it('associates .quorum files with a MIME type', () => {
    expect(config.fileAssociations).toEqual([PROJECT_FILE]);
    expect(PROJECT_FILE).toMatchObject({ ext: 'quorum', mimeType: 'application/x-quorum-project' });
  });

  it('sets the fuses after packing and rebuilds nothing (ssh2 runs its JavaScript path)', () => {
    expect(config.afterPack).toBe('./scripts/packaging/after-pack.mjs');
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('excludes every production dependency the main bundle already contains', () => {
    const files = config.files as string[];
    for (const name of Object.keys(pkg.dependencies).filter((n) => !MAIN_EXTERNALS.includes(n)))
      expect(files).toContain(`!node_modules/${name}{,/**}`);
    expect(files).not.toContain('!node_modules/ssh2{,/**}');
    expect(files).not.toContain('out/cli/**');
    expect(files).toContain('!**/*.map');
  });
});

describe('runtimeModules', () => {
  const manifests: Record<string, Manifest> = {
    ssh2: { dependencies: { asn1: '1' }, optionalDependencies: { 'cpu-features': '1' } },
    asn1: { dependencies: { 'safer-buffer': '1' } },
    'safer-buffer': {},
    'cpu-features': { dependencies: { nan: '1' } },
    nan: {},
    zod: {},
    dagre: { dependencies: { graphlib: '1', 'safer-buffer': '1' } },
    graphlib: {},
  };
  const read = (name: string) => manifests[name] ?? null;

  it('ships the externals and their dependencies, drops the bundled ones and optional addons', () => {
    const pkgDeps = { dependencies: { ssh2: '1', zod: '1', dagre: '1', missing: '1' } };
    expect(runtimeModules(pkgDeps, ['electron', 'ssh2'], read)).toEqual({
      ship: ['asn1', 'safer-buffer', 'ssh2'],
      // safer-buffer is needed by a shipped package too: it stays.
      drop: ['cpu-features', 'dagre', 'graphlib', 'nan', 'zod'],
    });
  });

  it('follows a dependency cycle once and skips packages that are not installed', () => {
    const cyclic: Record<string, Manifest> = {
      a: { dependencies: { b: '1' } },
      b: { dependencies: { a: '1' } },
    };
    const closure = dependencyClosure(['a', 'ghost'], (n) => cyclic[n] ?? null, ['dependencies']);
    expect([...closure].sort()).toEqual(['a', 'b']);
  });
});
