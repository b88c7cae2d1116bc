/**
 * Which files the backend's file operations (open, save, SSH-config import) may touch, and reading them
 * without ever stalling.
 *
 * - Browser mode (`quorum serve`) confines them to the projects folder and the folders the person who
 *   started the server allowed (`--allow-dir`): whoever holds the page's token must not reach every file
 *   of the server's user. A path is checked twice: as written (before the filesystem is touched, so
 *   nothing outside answers even "does not exist") and with every symlink resolved (a link inside an
 *   allowed folder must not lead out of it).
 * - Electron is not confined: its paths come from native dialogs and Open Recent, chosen by the user.
 * - Everywhere, only regular files: a FIFO, a device such as /dev/zero or a socket is refused. Files are
 *   opened non-blocking and checked on the open descriptor, so a FIFO swapped in after a check cannot
 *   stall the server either.
 */
import { constants, realpathSync } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ApiError } from '../../shared/api/result';

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Each folder as given and with its symlinks resolved (when it exists): /tmp may itself be a link. */
function bothForms(dirs: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const dir of dirs) {
    forms.add(resolve(dir));
    try {
      forms.add(realpathSync(dir));
    } catch {
      // Not created yet: the form as given is the only one.
    }
  }
  return [...forms];
}

export class FileAccess {
  /** `allowedDirs` null: any path (Electron, the CLI); otherwise only files under these folders. */
  constructor(private readonly allowedDirs: readonly string[] | null) {}

  static unconfined(): FileAccess {
    return new FileAccess(null);
  }

  get confined(): boolean {
    return this.allowedDirs !== null;
  }

  private check(path: string, shown: string): void {
    if (this.allowedDirs === null) return;
    const dirs = bothForms(this.allowedDirs);
    if (dirs.some((dir) => inside(dir, path))) return;
    throw new ApiError(
      'forbidden',
      `${shown} is outside the folders this server may use (${this.allowedDirs.join(', ')}). ` +
        'Move the file there, or restart `quorum serve` with `--allow-dir FOLDER`.',
    );
  }

  /** The path to read: checked as written, then with its symlinks resolved. */
  async readable(path: string): Promise<string> {
    this.check(path, path);
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new ApiError('not-found', `No such file: ${path}`);
      throw new ApiError('io', `Cannot read ${path}: ${(error as Error).message}`);
    }
    if (real !== path) this.check(real, `${path} (a link to ${real})`);
    return real;
  }

  /**
   * The path to write: an existing file's resolved path (a symlink is written through and kept), else the
   * resolved folder plus the new name. Refuses anything that exists and is not a regular file.
   */
  async writable(path: string): Promise<string> {
    this.check(path, path);
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT')
        throw new ApiError('io', `Cannot write ${path}: ${(error as Error).message}`);
      let folder: string;
      try {
        folder = await realpath(dirname(path));
      } catch {
        throw new ApiError('not-found', `Folder does not exist: ${dirname(path)}`);
      }
      real = join(folder, basename(path));
    }
    if (real !== path) this.check(real, `${path} (a link to ${real})`);
    const info = await stat(real).catch(() => null);
    if (info && !info.isFile()) throw new ApiError('io', `${path} is ${kindOf(info)}, not a project file`);
    return real;
  }
}

function kindOf(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a regular file of at most `maxBytes`, never blocking on a FIFO or a device: opened with
 * O_NONBLOCK (and O_NOCTTY), then checked on the descriptor before one byte is read.
 */
export async function readRegularFile(path: string, maxBytes: number, what: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') throw new ApiError('not-found', `No such file: ${path}`);
    if (code === 'EACCES') throw new ApiError('io', `Permission denied reading ${path}`);
    if (code === 'EISDIR') throw new ApiError('io', `${path} is a folder, not ${what}`);
    throw new ApiError('io', `Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ApiError('io', `${path} is ${kindOf(info)}, not ${what}`);
    if (info.size > maxBytes) throw new ApiError('invalid-project', `${path} is too large to be ${what}`);
    const buffer = Buffer.alloc(info.size);
    let offset = 0;
    while (offset < info.size) {
      const { bytesRead } = await handle.read(buffer, offset, info.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return buffer.subarray(0, offset);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('io', `Cannot read ${path}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}
