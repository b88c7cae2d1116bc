/**
 * Reading hosts from an OpenSSH client config, to create nodes with their SSH endpoints. Only the config
 * file is read: identity files are reported by path and never opened.
 */
import { z } from 'zod';
import { FilePath } from './project';

/** One concrete host of an SSH config (wildcard patterns are not hosts). */
export const SshConfigHost = z.strictObject({
  /** The `Host` alias, e.g. `controller1`. */
  alias: z.string().min(1),
  /** `HostName`, or the alias when the config has none. */
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  user: z.string().min(1).nullable(),
  /** The first `IdentityFile`, as written (a path; the key itself is never read). */
  identityFile: z.string().min(1).nullable(),
  proxyJump: z.string().min(1).nullable(),
});

/** The SSH config import's operations (spread into the contract). */
export const sshConfigOperations = {
  /** Parses `path` (default `~/.ssh/config`) and lists its concrete hosts with their resolved settings. */
  readSshConfig: {
    input: z.strictObject({ path: FilePath.optional() }),
    output: z.strictObject({
      path: z.string(),
      hosts: z.array(SshConfigHost),
      /** Things the import skipped (Match blocks, Include), for the user to know. */
      notes: z.array(z.string()),
    }),
  },
} as const;

/** A concrete host of an SSH config, as the renderer receives it. */
export type SshConfigHost = z.infer<typeof SshConfigHost>;
