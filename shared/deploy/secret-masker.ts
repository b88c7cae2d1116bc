/**
 * Masks known secrets in a stream of text, including a secret that arrives split across two (or more)
 * chunks: the longest tail of the text seen so far that could still become a secret is held back until
 * the next chunk (or `flush()`) decides. Everything Quorum streams, journals or saves passes through one.
 */

/** What a masked secret is replaced with. */
export const SECRET_MASK = '••••••••';

/** Streaming secret masker; one per output stream (stdout and stderr of a node are two streams). */
export class SecretMasker {
  private secrets: string[] = [];
  private held = '';

  /** @param secrets values to mask (empty strings are ignored). */
  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret; from now on it is masked (register before first use). */
  add(secret: string): void {
    if (!secret || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  /** Masks every complete secret in a finished text (no holding back). */
  maskAll(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(SECRET_MASK);
    return out;
  }

  /** Feeds a chunk; returns the text that is safe to emit now. */
  push(chunk: string): string {
    // Decide on the raw text: a complete short secret may be the start of a longer one still arriving.
    const text = this.held + chunk;
    const cut = this.safeCut(text, text.length - this.holdLength(text));
    this.held = text.slice(cut);
    return this.maskAll(text.slice(0, cut));
  }

  /** Moves a cut point back so that it never splits an occurrence of a secret. */
  private safeCut(text: string, cut: number): number {
    for (let moved = true; moved;) {
      moved = false;
      for (const secret of this.secrets) {
        let at = text.indexOf(secret, Math.max(0, cut - secret.length + 1));
        while (at >= 0 && at < cut) {
          if (at + secret.length > cut) {
            cut = at;
            moved = true;
            break;
          }
          at = text.indexOf(secret, at + 1);
        }
      }
    }
    return cut;
  }

  /** Ends the stream: returns whatever was held back (it did not become a secret). */
  flush(): string {
    const rest = this.maskAll(this.held);
    this.held = '';
    return rest;
  }

  /** Whether text is being held back waiting for the next chunk. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Length of the longest suffix of `text` that is a proper prefix of some secret. */
  private holdLength(text: string): number {
    let best = 0;
    for (const secret of this.secrets) {
      const max = Math.min(secret.length - 1, text.length);
      for (let n = max; n > best; n--) {
        if (text.endsWith(secret.slice(0, n))) {
          best = n;
          break;
        }
      }
    }
    return best;
  }
}

/** Masks every secret in a one-off text (journal lines, error messages). */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  return new SecretMasker(secrets).maskAll(text);
}
