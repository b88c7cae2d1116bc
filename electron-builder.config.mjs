// electron-builder: the installers (`npm run dist`; README "Installers"). Linux AppImage/deb/rpm, Windows
// NSIS, macOS dmg with the hardened runtime. The name, author and homepage come from package.json
// (productName there too, so `npm start` and the installed app share one data folder).
//
// The app.asar holds only what runs (scripts/packaging/package.pack-test.ts lists it):
//   out/main, out/preload, out/renderer   the bundles, without their source maps
//   node_modules                          only what the main bundle leaves external and that needs
//                                         (scripts/packaging/runtime-modules.mjs): ssh2 and its pure-JS deps
// Not in it: out/cli (the `quorum` command is not part of the app), every dependency esbuild/Vite bundled,
// and ssh2's optional native addons: the app uses ssh2's JavaScript path over Electron's crypto
// (docs/packaging.md has the measurement), so nothing is rebuilt for Electron's ABI (npmRebuild: false).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_EXTERNALS } from './scripts/packaging/bundle-externals.mjs';
import { manifestReader, runtimeModules } from './scripts/packaging/runtime-modules.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { drop } = runtimeModules(pkg, MAIN_EXTERNALS, manifestReader(root));

/** The project file type: the same extension and MIME type on every platform. */
export const PROJECT_FILE = {
  ext: 'quorum',
  name: 'Quorum project',
  description: 'Quorum OpenStack HA design',
  mimeType: 'application/x-quorum-project',
  role: 'Editor',
};

/** @type {import('electron-builder').Configuration} */
const config = {
  // appId, and package.json's author and homepage, are placeholders under example.org until the project
  // has a domain of its own. Changing appId later changes the macOS bundle id and Windows' AppUserModelID.
  appId: 'org.example.quorum',
  productName: pkg.productName,
  copyright: `Copyright © ${pkg.author.name}`,
  directories: { output: 'dist', buildResources: 'out/icons' },
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    '!**/*.map',
    ...drop.map((name) => `!node_modules/${name}{,/**}`),
    // ssh2's native crypto: its sources, build output and build files (the app runs its JS path).
    '!node_modules/ssh2/lib/protocol/crypto/{binding.gyp,src,build}{,/**}',
    '!node_modules/ssh2/install.js',
    // Sources, docs and tests the packages carry (ssh2's Pageant helper is built from pagent.c on Windows).
    '!node_modules/**/{*.md,*.c,*.bat,Jenkinsfile,.eslint*,tests.js}',
  ],
  asar: true,
  // Native addons cannot be loaded from inside an asar; none ships today, any future one is unpacked.
  // ssh2 runs its Pageant helper as a program on Windows: it must be a real file too.
  asarUnpack: ['**/*.node', 'node_modules/ssh2/util/pagent.exe'],
  npmRebuild: false,
  afterPack: './scripts/packaging/after-pack.mjs',
  fileAssociations: [PROJECT_FILE],
  linux: {
    target: ['AppImage', 'deb', 'rpm'],
    executableName: 'quorum',
    category: 'Development',
    icon: 'out/icons/icon.png',
    synopsis: pkg.description,
    // StartupWMClass is left to electron-builder: it derives it from package.json's desktopName, as
    // Electron derives the window's WM_CLASS / app_id, so the dock links the window to this entry.
    desktop: { entry: { Keywords: 'OpenStack;HA;cluster;deploy;' } },
  },
  deb: { depends: ['libnss3', 'libsecret-1-0', 'xdg-utils'] },
  win: { target: ['nsis'], icon: 'out/icons/icon.ico' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true, perMachine: false },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
    icon: 'out/icons/icon.icns',
  },
};

export default config;
