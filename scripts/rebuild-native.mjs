// postinstall: `npm ci` runs under the machine's Node (20 here), so ssh2's optional native addons get
// built for that Node's ABI, while the project runs on its pinned Node 22 (the `node` devDependency).
// ssh2 would silently fall back to slower pure-JS crypto. Rebuild them against the pinned Node's headers
// when they do not load under it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const headers = join(
  root,
  'node_modules',
  'node',
  'node_modules',
  `node-${process.platform}-${process.arch}`,
);

/**
 * Whether the addon loads under this Node. Checked in a child process: once a stale addon has been
 * dlopen()ed, this process would keep the old library and never see the rebuilt one.
 */
function loads() {
  const addon = join(
    root,
    'node_modules',
    'ssh2',
    'lib',
    'protocol',
    'crypto',
    'build',
    'Release',
    'sshcrypto.node',
  );
  if (!existsSync(addon)) return false;
  return (
    spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { stdio: 'ignore' }).status === 0
  );
}

if (!existsSync(join(root, 'node_modules', 'ssh2')) || loads()) process.exit(0);
if (!existsSync(join(headers, 'include', 'node'))) {
  console.warn('quorum: pinned Node headers not found; ssh2 will use its pure-JS crypto.');
  process.exit(0);
}
console.log(`quorum: rebuilding ssh2's native crypto for Node ${process.version}…`);
const npm = process.env.npm_execpath;
const result = npm
  ? spawnSync(process.execPath, [npm, 'rebuild', 'ssh2', 'cpu-features'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, npm_config_nodedir: headers },
    })
  : { status: 1 };
if (result.status !== 0 || !loads())
  console.warn('quorum: rebuild failed; ssh2 will use its pure-JS crypto.');
