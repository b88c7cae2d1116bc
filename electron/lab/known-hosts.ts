/**
 * Lab host keys in an OpenSSH known_hosts file the app (or `ssh -o UserKnownHostsFile=`) uses: entries for
 * the lab's nodes replace any earlier entry for the same address or host name (a lab rebuilt on the same
 * addresses has new keys), and are removed again by `lab down`. Other lines are kept byte for byte.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';

/** True when the host field of a known_hosts line names one of `hosts` (plain, `[host]:22`, or hashed). */
function namesAny(field: string, hosts: readonly string[]): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = field.split('|');
    const key = Buffer.from(salt, 'base64');
    return hosts.some((h) => createHmac('sha1', key).update(h).digest('base64') === hash);
  }
  return field.split(',').some((name) => {
    const bare = /^\[(.+)\]:22$/.exec(name)?.[1] ?? name;
    return hosts.includes(bare);
  });
}

/** `text` without the lines for any of `hosts` (comments, blank lines and other hosts kept). */
export function withoutHosts(text: string, hosts: readonly string[]): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const kept = lines.filter((line) => {
    const fields = line.trim().split(/\s+/);
    if (line.trim() === '' || line.trim().startsWith('#')) return true;
    const hostField = fields[0]?.startsWith('@') ? fields[1] : fields[0];
    return !namesAny(hostField ?? '', hosts);
  });
  return kept.length > 0 ? `${kept.join('\n')}\n` : '';
}

/** Adds `entries` (known_hosts lines) to `file`, replacing earlier lines for `hosts`. */
export function mergeIntoKnownHosts(file: string, hosts: readonly string[], entries: string): void {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, withoutHosts(before, hosts) + entries, { mode: 0o644 });
}

/** Removes the lines for `hosts` from `file` (when it exists). */
export function removeFromKnownHosts(file: string, hosts: readonly string[]): void {
  if (!existsSync(file)) return;
  const before = readFileSync(file, 'utf8');
  const after = withoutHosts(before, hosts);
  if (after !== before) writeFileAtomic(file, after, { mode: 0o644 });
}
