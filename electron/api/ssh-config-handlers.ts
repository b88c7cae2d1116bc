import { homedir } from 'node:os';
import SSHConfig, { LineType, type Line } from 'ssh-config';
import type { HandlersFor } from '../../shared/api/dispatcher';
import type { sshConfigOperations, SshConfigHost } from '../../shared/api/operations/ssh-config';
import { ApiError } from '../../shared/api/result';
import { resolveUserPath } from '../store/paths';
import { type FileAccess, readRegularFile } from '../store/file-access';
import type { CallContext } from './host';

/** Refuse configs larger than this: a client config is a few KB; anything bigger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const first = (value: string | string[] | undefined): string | null =>
  (Array.isArray(value) ? value[0] : value) ?? null;

function patterns(line: Line): string[] {
  if (line.type !== LineType.DIRECTIVE) return [];
  return typeof line.value === 'string' ? [line.value] : line.value.map((v) => v.val);
}

/**
 * Parses SSH client config text into concrete hosts. `Match` blocks are dropped before resolving (the parser
 * could run `Match exec` commands) and so are `CanonicalizeHostname` lines (they make it query DNS).
 */
export function parseSshConfig(text: string): { hosts: SshConfigHost[]; notes: string[] } {
  const config = SSHConfig.parse(text);
  const notes: string[] = [];
  for (let i = config.length - 1; i >= 0; i--) {
    const line = config[i]!;
    if (line.type !== LineType.DIRECTIVE) continue;
    if (/^match$/i.test(line.param)) {
      config.splice(i, 1);
      notes.push('Match blocks are ignored.');
    } else if (/^include$/i.test(line.param))
      notes.push(`Include ${patterns(line).join(' ')} is not followed.`);
  }
  const strip = (lines: Line[]) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!;
      if (line.type !== LineType.DIRECTIVE) continue;
      if (/^canonicalizehostname$/i.test(line.param)) lines.splice(i, 1);
      else if ('config' in line) strip(line.config as Line[]);
    }
  };
  strip(config);
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type === LineType.DIRECTIVE && /^host$/i.test(line.param)) {
      for (const alias of patterns(line)) if (!/[*?!]/.test(alias)) aliases.add(alias);
    }
  }
  const hosts = [...aliases].map((alias) => {
    const resolved = config.compute(alias);
    const port = Number(first(resolved.Port) ?? 22);
    return {
      alias,
      host: first(resolved.HostName) ?? alias,
      port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : 22,
      user: first(resolved.User),
      identityFile: first(resolved.IdentityFile),
      proxyJump: first(resolved.ProxyJump),
    };
  });
  return { hosts, notes: [...new Set(notes)] };
}

/**
 * Reads an OpenSSH client config (never the keys it names): a regular file that `access` allows (in
 * browser mode only under the projects folder or an `--allow-dir` folder).
 */
export function sshConfigHandlers(
  access: FileAccess,
): HandlersFor<keyof typeof sshConfigOperations, CallContext> {
  return {
    readSshConfig: async ({ path }) => {
      const file = resolveUserPath(path ?? '~/.ssh/config', homedir());
      let buffer: Buffer;
      try {
        buffer = await readRegularFile(await access.readable(file), MAX_CONFIG_BYTES, 'an SSH config');
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not-found')
          throw new ApiError('not-found', `There is no SSH config at ${file}`);
        throw error;
      }
      return { path: file, ...parseSshConfig(buffer.toString('utf8')) };
    },
  };
}
