// `npm start`: builds, then launches the Electron app. Where the Electron binary is not installed
// (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on machines without internet) it says so in
// one line and starts the browser mode instead, which prints the URL with its token.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronArgs, electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = electronBinary();
const passThrough = process.argv.slice(2);
const child = binary
  ? // The project folder, not out/main/index.cjs: Electron then reads package.json (its main, and its
    // productName for the data folder the installed app uses too).
    spawn(binary, [...electronArgs(), root, ...passThrough], {
      stdio: 'inherit',
    })
  : (console.log(
      'quorum: the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); starting the browser mode instead.',
    ),
    spawn(process.execPath, [join(root, 'bin', 'quorum.mjs'), 'serve', ...passThrough], {
      stdio: 'inherit',
    }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
