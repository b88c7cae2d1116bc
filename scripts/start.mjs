// `npm start`: builds, then launches the Electron app. Where the Electron binary is not installed
// (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on machines without internet) it says so in
// one line and starts the browser mode instead, which prints the URL with its token.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const passThrough = process.argv.slice(2);
const child = binary
  ? spawn(
      binary,
      [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        join(root, 'out', 'main', 'index.cjs'),
        ...passThrough,
      ],
      {
        stdio: 'inherit',
      },
    )
  : (console.log(
      'quorum: the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); starting the browser mode instead.',
    ),
    spawn(process.execPath, [join(root, 'bin', 'quorum.mjs'), 'serve', ...passThrough], {
      stdio: 'inherit',
    }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
