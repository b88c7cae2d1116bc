import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Where Quorum keeps its own files (autosave, recent list) and where new projects go by default. */
export interface StorePaths {
  dataDir: string;
  projectsDir: string;
  /** Where drills look for labs (`quorum lab --data-dir`); default: `dataDir`/`projectsDir` (tests differ). */
  labs?: { dataDir: string; projectsDir: string };
}

/**
 * Folders for a plain-Node host (the web host, the CLI, tests). `QUORUM_DATA_DIR` and
 * `QUORUM_PROJECTS_DIR` override them; otherwise the XDG data home and `~/Quorum`.
 */
export function defaultStorePaths(env: NodeJS.ProcessEnv = process.env): StorePaths {
  const dataHome =
    env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : join(homedir(), '.local', 'share');
  return {
    dataDir: env.QUORUM_DATA_DIR ? resolve(env.QUORUM_DATA_DIR) : join(dataHome, 'quorum'),
    projectsDir: env.QUORUM_PROJECTS_DIR ? resolve(env.QUORUM_PROJECTS_DIR) : join(homedir(), 'Quorum'),
  };
}

/** Expands `~/…` and resolves a relative path against `base`. */
export function resolveUserPath(path: string, base: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return resolve(base, path);
}
