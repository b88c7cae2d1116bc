// postinstall: `npm ci` runs under the machine's Node (20 here), so ssh2's optional native addons get
// built for that Node's ABI, while the project runs on its pinned Node 22 (the `node` devDependency).
// ssh2 would silently fall back to slower pure-JS crypto. Rebuild them against the pinned Node's headers
// when they do not load under it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const headers = join(
  root,
  'node_modules',
  'node',
  'node_modules',
  `node-${process.platform}-${process.arch}`,
);

function loads() {
  try {
    require('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');
    return true;
  } catch {
    return false;
  }
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
