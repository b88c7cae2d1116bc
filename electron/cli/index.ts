/**
 * `quorum` on the command line. Headless commands share the backend with the app; `serve` starts the
 * browser host.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackend } from '../api/backend';
import { LAB_USAGE, labCommand } from './lab';
import { DEPLOY_USAGE, deployCommand } from './deploy';
import { DRILL_USAGE, drillCommand } from './drill';
import { acquireDataLock } from '../store/data-lock';
import { defaultStorePaths, resolveUserPath } from '../store/paths';
import { startWebServer } from '../web/server';
import { validateCommand } from './validate';
import { planCommand, runbookCommand } from './plan';
import { UsageError } from './usage-error';
import { QUORUM_VERSION } from '../version';

const USAGE = `Usage: quorum <command> [options]

Commands:
  serve [--host ADDR] [--port N] [--data-dir DIR] [--projects-dir DIR] [--allow-dir DIR]...
        Serve the app to a browser on this machine (default 127.0.0.1, a free port) and print its URL.
        Opening, saving and SSH-config import reach only the projects folder and each --allow-dir
        folder (e.g. --allow-dir ~/.ssh to import ~/.ssh/config).
  validate FILE [--json]
        Check a design against the HA rules and simulate every single node failure.
        Exit 0: no errors; 1: the design has errors; 2: the file cannot be read or is not a valid project.
  plan DESIGN [--json] [--scope full|infrastructure]
        Compile a project file into its deployment plan (steps in the HA guide's order);
        --scope infrastructure stops at the clusters, VIPs and storage (training labs).
  runbook DESIGN -o FILE.html|FILE.md [--secrets VALUES.json] [--scope full|infrastructure]
        Write the runbook; secrets are masked unless a JSON file of their values is given.
${DEPLOY_USAGE}
${LAB_USAGE}
${DRILL_USAGE}
  help  Show this text.
  version
        Print the version.
`;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'projects-dir': { type: 'string' },
      'allow-dir': { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: not a port number: ${values.port}`);
  const paths = defaultStorePaths({
    ...process.env,
    ...(values['data-dir'] ? { QUORUM_DATA_DIR: values['data-dir'] } : {}),
    ...(values['projects-dir'] ? { QUORUM_PROJECTS_DIR: values['projects-dir'] } : {}),
  });
  const allowDirs = values['allow-dir'].map((dir) => resolveUserPath(dir, process.cwd()));
  for (const dir of allowDirs) {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError(`--allow-dir: not a folder: ${dir}`);
  }
  // One process per data folder: the app or another `quorum serve` there would share the run journals.
  const lock = acquireDataLock(paths.dataDir, 'quorum serve');
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    lock.release();
    throw new Error(`the renderer is not built (${staticDir} is missing): run \`npm run build\``);
  }
  const backend = createBackend(paths, { host: 'web', version: QUORUM_VERSION, allowDirs });
  if (!isLoopback(values.host)) {
    console.warn(
      `quorum: WARNING: serving on ${values.host}, not loopback: anyone who can reach this address and has the URL's token can read and write project files as ${process.env.USER ?? 'this user'}.`,
    );
  }
  const server = await startWebServer({ backend, staticDir, host: values.host, port });
  console.log(`Quorum is serving at ${server.url}`);
  console.log(`Projects folder: ${paths.projectsDir}   (Ctrl+C to stop)`);
  if (allowDirs.length > 0) console.log(`Also allowed: ${allowDirs.join(', ')}`);
  const stop = () => {
    void server.close().then(() => {
      lock.release();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve(rest);
        return 0;
      case 'validate':
        return await validateCommand(rest, {
          out: (text) => console.log(text),
          err: (text) => console.error(text),
        });
      case 'plan':
        await planCommand(rest);
        return 0;
      case 'runbook':
        await runbookCommand(rest);
        return 0;
      case 'deploy':
        return await deployCommand(rest);
      case 'lab':
        return await labCommand(rest);
      case 'drill':
        return await drillCommand(rest);
      case 'version':
      case '--version':
        console.log(QUORUM_VERSION);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`quorum: ${(error as Error).message}`);
    if (usage) console.error('Run `quorum help` for usage.');
    return usage ? 2 : 1;
  }
}
