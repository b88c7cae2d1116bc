/**
 * The app's known_hosts file, in OpenSSH's format so that `ssh-keygen -F/-R` and an admin's own tools can
 * read it: plain and hashed (`|1|salt|hmac`) host patterns, `[host]:port` for non-standard ports,
 * comma-separated patterns with `*`/`?` wildcards and `!` negation, and the `@revoked` marker.
 * New entries are written hashed, as `HashKnownHosts yes` does.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/api/result';

/** `SHA256:…` as OpenSSH prints it (base64 without padding). */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** The name a host is looked up by: `host` on port 22, `[host]:port` elsewhere. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export interface KnownHostEntry {
  marker: '@revoked' | '@cert-authority' | null;
  patterns: string;
  keyType: string;
  key: Buffer;
  line: number;
}

export type HostKeyVerdict =
  | { kind: 'trusted' }
  | { kind: 'unknown'; fingerprint: string; keyType: string }
  | { kind: 'changed'; fingerprint: string; knownFingerprints: string[]; keyType: string }
  | { kind: 'revoked'; fingerprint: string; keyType: string };

/** Parses known_hosts text; malformed lines are skipped, as OpenSSH does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields.shift() as KnownHostEntry['marker'];
    }
    const [patterns, type, base64] = fields;
    if (!patterns || !type || !base64) return;
    const key = Buffer.from(base64, 'base64');
    if (key.length === 0) return;
    entries.push({ marker, patterns, keyType: type, key, line: index + 1 });
  });
  return entries;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Whether a comma-separated pattern list matches a host name (OpenSSH `match_hostname` semantics). */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (globToRegExp(pattern).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** A hashed host field for `name`, like `ssh-keygen -H` writes. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const digest = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${digest}`;
}

/** Judges a presented key against entries: trusted, unknown host, changed key, or revoked key. */
export function verifyHostKey(
  entries: KnownHostEntry[],
  host: string,
  port: number,
  keyBlob: Buffer,
): HostKeyVerdict {
  const name = hostKeyName(host, port);
  const print = fingerprint(keyBlob);
  const type = keyType(keyBlob);
  const forHost = entries.filter((e) => e.marker !== '@cert-authority' && patternsMatch(e.patterns, name));
  if (entries.some((e) => e.marker === '@revoked' && e.key.equals(keyBlob))) {
    return { kind: 'revoked', fingerprint: print, keyType: type };
  }
  const known = forHost.filter((e) => e.marker === null);
  if (known.some((e) => e.key.equals(keyBlob))) return { kind: 'trusted' };
  if (known.length === 0) return { kind: 'unknown', fingerprint: print, keyType: type };
  return {
    kind: 'changed',
    fingerprint: print,
    knownFingerprints: known.map((e) => fingerprint(e.key)),
    keyType: type,
  };
}

/** The app's known_hosts file on disk. Reads it on every check, so edits by an admin apply at once. */
export class KnownHostsFile {
  constructor(readonly path: string) {}

  async entries(): Promise<KnownHostEntry[]> {
    try {
      return parseKnownHosts(await readFile(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async verify(host: string, port: number, keyBlob: Buffer): Promise<HostKeyVerdict> {
    return verifyHostKey(await this.entries(), host, port, keyBlob);
  }

  /**
   * Appends a hashed entry for the host and fsyncs it. Only a key for a host not known yet may be trusted:
   * a host whose key CHANGED, or a revoked key, is refused here whatever the caller's UI showed (the fix
   * is to remove the old entry deliberately, never to add a second key beside it). Trusting an already
   * trusted key changes nothing.
   */
  async trust(host: string, port: number, keyBlob: Buffer): Promise<void> {
    const verdict = await this.verify(host, port, keyBlob);
    if (verdict.kind === 'trusted') return;
    if (verdict.kind === 'changed') {
      throw new ApiError(
        'forbidden',
        `HOST KEY CHANGED for ${hostKeyName(host, port)}: it presents ${verdict.fingerprint} but ${this.path} has ${verdict.knownFingerprints.join(', ')}. A changed key is never trusted from here: if the host was really reinstalled, remove its old entry from ${this.path} first.`,
      );
    }
    if (verdict.kind === 'revoked') {
      throw new ApiError('forbidden', `the key ${verdict.fingerprint} is revoked in ${this.path}`);
    }
    await mkdir(dirname(this.path), { recursive: true });
    const line = `${hashHostName(hostKeyName(host, port))} ${keyType(keyBlob)} ${keyBlob.toString('base64')}\n`;
    await appendFile(this.path, line, { mode: 0o600 });
    const handle = await open(this.path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Appends lines as given (pre-provisioned entries, e.g. from an inventory or the lab). */
  async addLines(lines: string[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, lines.map((l) => `${l.trim()}\n`).join(''), { mode: 0o600 });
  }
}
