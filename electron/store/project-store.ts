import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ApiError } from '../../shared/api/result';
import type { Autosave, ProjectEntry } from '../../shared/api/contract';
import type { Design } from '../../shared/design/schema';
import {
  checkDesign,
  describeFileError,
  parseProjectFile,
  serializeDesign,
} from '../../shared/design/project-file';
import { sweepStaleTemps, writeFileAtomic } from './atomic-write';
import { FileAccess, readRegularFile } from './file-access';
import { resolveUserPath, type StorePaths } from './paths';

/** File extension of project files. */
export const PROJECT_EXTENSION = '.quorum';
const RECENT_LIMIT = 10;
/** A design above this size is not something a person drew; refuse before parsing. */
const MAX_PROJECT_BYTES = 32 * 1024 * 1024;

interface RecentEntry {
  path: string;
  name: string | null;
  openedAt: string;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Project files, the recent list and the crash autosave, all on the backend's disk. Every write is atomic;
 * a file that fails to parse is reported with each problem's path and never touched. Which project files
 * may be opened and saved is `access`'s decision (confined in browser mode, see file-access.ts).
 *
 * Saving over an existing file keeps its permission bits (a 0600 file stays 0600) and, when the path is
 * a symlink, writes through it: the link stays and its target gets the new content (atomically, beside
 * the target), so a project kept in a synced folder and linked from elsewhere stays linked.
 */
export class ProjectStore {
  constructor(
    readonly paths: StorePaths,
    readonly access: FileAccess = FileAccess.unconfined(),
  ) {}

  /** Resolves what the user typed: `~/x`, a path relative to the projects folder, `.quorum` added if missing. */
  resolve(path: string, { addExtension }: { addExtension: boolean }): string {
    const full = resolveUserPath(path.trim(), this.paths.projectsDir);
    return addExtension && extname(full) === '' ? `${full}${PROJECT_EXTENSION}` : full;
  }

  async open(requested: string): Promise<{ path: string; design: Design; migratedFrom: number | null }> {
    const path = this.resolve(requested, { addExtension: false });
    const real = await this.access.readable(path);
    const bytes = await readRegularFile(real, MAX_PROJECT_BYTES, 'a project file');
    sweepStaleTemps(real);
    const text = bytes.toString('utf8');
    const parsed = parseProjectFile(text);
    if (!parsed.ok) {
      const { error } = parsed;
      const summary = describeFileError(error);
      if (error.kind === 'invalid') {
        const count = error.problems.length;
        throw new ApiError(
          'invalid-project',
          `${basename(path)} has ${count} problem${count === 1 ? '' : 's'}`,
          error.problems,
        );
      }
      throw new ApiError(
        error.kind === 'syntax' ? 'syntax' : 'newer-version',
        `${basename(path)} is ${summary}`,
      );
    }
    await this.remember(path, parsed.design.name);
    return { path, design: parsed.design, migratedFrom: parsed.migratedFrom };
  }

  async save(requested: string, design: Design): Promise<{ path: string; savedAt: string }> {
    const path = this.resolve(requested, { addExtension: true });
    const checked = checkDesign(design);
    if (!checked.ok)
      throw new ApiError('invalid-project', 'The design is not valid and was not saved', checked.problems);
    if (dirname(path) === this.paths.projectsDir) await mkdir(this.paths.projectsDir, { recursive: true });
    const target = await this.access.writable(path);
    try {
      const mode = await stat(target).then(
        (info) => info.mode & 0o7777,
        () => undefined,
      );
      writeFileAtomic(target, serializeDesign(checked.design), mode === undefined ? {} : { mode });
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT') throw new ApiError('not-found', `Folder does not exist: ${dirname(path)}`);
      if (code === 'EACCES' || code === 'EPERM')
        throw new ApiError('io', `Permission denied writing ${path}`);
      if (code === 'ENOSPC') throw new ApiError('io', `Disk full: ${path} was not changed`);
      throw new ApiError('io', `Cannot write ${path}: ${(error as Error).message}`);
    }
    await this.remember(path, checked.design.name);
    return { path, savedAt: new Date().toISOString() };
  }

  async listRecent(): Promise<ProjectEntry[]> {
    const recent = await this.readRecent();
    return Promise.all(
      recent.map(async (entry) => ({
        path: entry.path,
        name: entry.name,
        modifiedAt: await modifiedAt(entry.path),
      })),
    );
  }

  async listFolder(): Promise<{ dir: string; projects: ProjectEntry[] }> {
    const dir = this.paths.projectsDir;
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT')
        throw new ApiError('io', `Cannot list ${dir}: ${(error as Error).message}`);
    }
    const files = names.filter((n) => n.endsWith(PROJECT_EXTENSION) && !n.startsWith('.')).sort();
    const projects = await Promise.all(
      files.map(async (name) => ({
        path: join(dir, name),
        name: null,
        modifiedAt: await modifiedAt(join(dir, name)),
      })),
    );
    return { dir, projects };
  }

  private get autosavePath(): string {
    return join(this.paths.dataDir, 'autosave.json');
  }

  private get recentPath(): string {
    return join(this.paths.dataDir, 'recent.json');
  }

  async writeAutosave(design: Design, path: string | null): Promise<{ savedAt: string }> {
    const savedAt = new Date().toISOString();
    await mkdir(this.paths.dataDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.autosavePath, JSON.stringify({ savedAt, path, design }), { mode: 0o600 });
    return { savedAt };
  }

  /** The autosave, or null when there is none or it cannot be used (a broken autosave is never fatal). */
  async readAutosave(): Promise<Autosave | null> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.autosavePath, 'utf8'));
    } catch {
      return null;
    }
    if (typeof raw !== 'object' || raw === null) return null;
    const { savedAt, path, design } = raw as Record<string, unknown>;
    const checked = checkDesign(design);
    if (!checked.ok || typeof savedAt !== 'string') return null;
    return { design: checked.design, path: typeof path === 'string' ? path : null, savedAt };
  }

  async clearAutosave(): Promise<void> {
    try {
      await unlink(this.autosavePath);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT')
        throw new ApiError('io', `Cannot remove the autosave: ${(error as Error).message}`);
    }
  }

  private async readRecent(): Promise<RecentEntry[]> {
    try {
      const raw: unknown = JSON.parse(await readFile(this.recentPath, 'utf8'));
      if (!Array.isArray(raw)) return [];
      return raw.filter(
        (e): e is RecentEntry =>
          typeof e === 'object' && e !== null && typeof (e as RecentEntry).path === 'string',
      );
    } catch {
      return [];
    }
  }

  private async remember(path: string, name: string): Promise<void> {
    const recent = (await this.readRecent()).filter((e) => e.path !== path);
    recent.unshift({ path, name, openedAt: new Date().toISOString() });
    await mkdir(this.paths.dataDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.recentPath, JSON.stringify(recent.slice(0, RECENT_LIMIT), null, 2), { mode: 0o600 });
  }
}

async function modifiedAt(path: string): Promise<string | null> {
  try {
    return (await stat(path)).mtime.toISOString();
  } catch {
    return null;
  }
}
