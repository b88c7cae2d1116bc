// The app's icon set, made at build time from the one SVG in assets/icons: a 512 px PNG (Linux, the window
// icon), a Windows .ico and a macOS .icns. resvg (WebAssembly) draws the SVG at each size and
// @shockpkg/icon-encoder (pure JS) packs the sizes; nothing native, nothing downloaded at run time.
//   node scripts/icons.mjs [OUT_DIR]   (default out/icons)
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { IconIcns, IconIco } from '@shockpkg/icon-encoder';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SOURCE = join(root, 'assets', 'icons', 'favicon.svg');
export const ICON_DIR = join(root, 'out', 'icons');

/** Windows shows 16–256 px; 256 is the largest an .ico entry may be. */
const ICO_SIZES = [256, 128, 64, 48, 32, 24, 16];
/** The .icns types and their pixel sizes, in the order Apple's iconutil writes them. */
const ICNS_TYPES = [
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic04', 16],
  ['ic14', 512],
  ['ic09', 512],
  ['ic05', 32],
  ['ic10', 1024],
  ['ic11', 32],
];

let wasmReady;
function ready() {
  const require = createRequire(import.meta.url);
  wasmReady ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return wasmReady;
}

/** The SVG drawn as a square PNG of `size` pixels. */
export async function renderPng(svg, size) {
  await ready();
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  if (image.width !== size || image.height !== size)
    throw new Error(`icon source ${ICON_SOURCE} is not square: drawn ${image.width}×${image.height}`);
  return Buffer.from(image.asPng());
}

/** Writes icon.png (512 px), icon.ico and icon.icns into `outDir`; returns their paths. */
export async function writeIcons(outDir = ICON_DIR, source = ICON_SOURCE) {
  const svg = readFileSync(source, 'utf8');
  const sizes = [...new Set([...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size), 512])];
  const pngs = new Map();
  for (const size of sizes) pngs.set(size, await renderPng(svg, size));

  const ico = new IconIco();
  for (const size of ICO_SIZES) await ico.addFromPng(pngs.get(size), size >= 64);
  const icns = new IconIcns();
  icns.toc = true;
  for (const [type, size] of ICNS_TYPES) await icns.addFromPng(pngs.get(size), [type]);

  mkdirSync(outDir, { recursive: true });
  const files = {
    png: join(outDir, 'icon.png'),
    ico: join(outDir, 'icon.ico'),
    icns: join(outDir, 'icon.icns'),
  };
  writeFileSync(files.png, pngs.get(512));
  writeFileSync(files.ico, ico.encode());
  writeFileSync(files.icns, icns.encode());
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const files = await writeIcons(process.argv[2] ? resolve(process.argv[2]) : ICON_DIR);
  console.log(`icons: ${Object.values(files).join(', ')} in ${Date.now() - started} ms`);
}
