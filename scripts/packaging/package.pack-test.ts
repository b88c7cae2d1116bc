/**
 * Packs the app for real with electron-builder (`--linux dir`, the project's config) against a STAND-IN
 * Electron folder (electron-stand-in.ts: no Electron binary can be downloaded here), then opens what it
 * made: the app.asar's file list, its package.json, and the fuse wire the afterPack hook set.
 * Run by `npm run test:packaging` (builds out/ first); about 30 s on 2 busy cores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPackage, extractFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeIcons } from '../icons.mjs';
import { FUSES } from './after-pack.mjs';
import { ELECTRON_DEFAULT_WIRE, writeElectronStandIn } from './electron-stand-in';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'quorum-pack-'));
const appDir = join(work, 'dist', 'linux-unpacked');
const asarPath = join(appDir, 'resources', 'app.asar');
let files: string[] = [];
let packSeconds = 0;

beforeAll(() => {
  if (!existsSync(join(root, 'out', 'main', 'index.cjs')))
    throw new Error(`out/ is not built (${join(root, 'out', 'main', 'index.cjs')}): run \`npm run build\``);
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const standIn = writeElectronStandIn(work, electronVersion);
  const started = Date.now();
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'electron-builder'),
    [
      '--config',
      'electron-builder.config.mjs',
      '--linux',
      'dir',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  packSeconds = (Date.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  files = listPackage(asarPath, { isPack: false }).map((file) => file.replaceAll('\\', '/'));
  console.log(
    `packed linux dir in ${packSeconds.toFixed(1)} s: app.asar ${(statSync(asarPath).size / 1e6).toFixed(2)} MB, ${files.length} entries`,
  );
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed app (electron-builder --linux dir, stand-in Electron)', () => {
  it('holds the three bundles and package.json', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.cjs',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ])
      expect(files).toContain(file);
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('holds no source maps, no CLI, no sources, tests or build files', () => {
    const unwanted = files.filter(
      (f) =>
        f.endsWith('.map') ||
        f.startsWith('/out/cli') ||
        f.startsWith('/out/icons') ||
        /^\/(electron|shared|renderer|scripts|e2e|bin|assets|dist|docs)(\/|$)/.test(f) ||
        /\.(ts|tsx|md|c|cc|gyp)$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('ships only ssh2 and its pure-JS dependencies from node_modules', () => {
    const packages = new Set(
      files
        .map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1])
        .filter((name): name is string => Boolean(name)),
    );
    expect([...packages].sort()).toEqual(['asn1', 'bcrypt-pbkdf', 'safer-buffer', 'ssh2', 'tweetnacl']);
    expect(files).toContain('/node_modules/ssh2/lib/protocol/crypto/poly1305.js');
  });

  it('has no native code, in the asar or unpacked beside it', () => {
    expect(files.filter((f) => f.endsWith('.node') || f.includes('/build/Release'))).toEqual([]);
    expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('can load every package the main bundle requires', () => {
    const main = extractFile(asarPath, 'out/main/index.cjs').toString('utf8');
    const required = new Set(
      [...main.matchAll(/\brequire\("([^"]+)"\)/g)]
        .map((m) => m[1]!)
        .filter(
          (name) => !name.startsWith('.') && !name.startsWith('node:') && !builtinModules.includes(name),
        ),
    );
    // A package, or a file inside one (ssh2's crypto module, read to tell whether its add-on loaded).
    const packageOf = (name: string) => name.split('/')[0]!;
    expect([...new Set([...required].map(packageOf))].sort()).toEqual(['electron', 'ssh2']);
    for (const name of required) {
      if (name === 'electron') continue;
      expect(files).toContain(`/node_modules/${packageOf(name)}/package.json`);
      if (name.includes('/')) expect(files).toContain(`/node_modules/${name}`);
    }
  });

  it("carries the app's names and entry point, without scripts or devDependencies", () => {
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: 'quorum', productName: 'Quorum', main: 'out/main/index.cjs' });
    expect(pkg).not.toHaveProperty('scripts');
    expect(pkg).not.toHaveProperty('devDependencies');
  });

  it('names the executable as the desktop file expects', () => {
    expect(statSync(join(appDir, 'quorum')).mode & 0o111).not.toBe(0);
  });

  it('has its fuses set by the afterPack hook', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'quorum'));
    const states = Object.fromEntries(
      Object.entries(wire)
        .filter(([key]) => key !== 'version')
        .map(([key, state]) => [key, state === FuseState.ENABLE]),
    );
    const expected = Object.fromEntries(Object.entries(FUSES).map(([key, on]) => [key, on]));
    expect(states).toEqual(expected);
    // The stand-in started from Electron's defaults: the hook really changed them.
    expect(ELECTRON_DEFAULT_WIRE[FuseV1Options.RunAsNode]).toBe('1');
    expect(states[FuseV1Options.RunAsNode]).toBe(false);
    expect(states[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(states[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(states[FuseV1Options.EnableCookieEncryption]).toBe(true);
  });
});

describe('the icon set made from assets/icons/favicon.svg', () => {
  it('writes a 512 px PNG, a multi-size .ico and an .icns', async () => {
    const icons = await writeIcons(join(work, 'icons'));
    const png = readFileSync(icons.png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const ico = readFileSync(icons.ico);
    // ICONDIR: reserved 0, type 1 (icon), count; entries of width/height bytes (0 means 256).
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 7]);
    const widths = Array.from({ length: 7 }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toEqual([256, 128, 64, 48, 32, 24, 16]);
    const icns = readFileSync(icons.icns);
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
  });
});
