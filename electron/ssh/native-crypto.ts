/**
 * ssh2 loads a native crypto add-on when it can and silently falls back to its pure-JS ciphers when it
 * cannot (an add-on built for another Node ABI: the machine's Node 20, or Electron's). The fallback works
 * but costs CPU on every byte, so Quorum says so: once in the process's log, and in the Deploy tab.
 */
import ssh2Crypto from 'ssh2/lib/protocol/crypto.js';

/** What runs this process (Electron reports its own version next to Node's). */
export interface Runtime {
  node: string;
  modules: string;
  electron?: string;
}

/** The notice for a process whose ssh2 runs without its native add-on, or null when it has it. */
export function cryptoFallbackNotice(nativeLoaded: boolean, runtime: Runtime): string | null {
  if (nativeLoaded) return null;
  const where = runtime.electron
    ? `Electron ${runtime.electron} (Node ${runtime.node}, ABI ${runtime.modules})`
    : `Node ${runtime.node} (ABI ${runtime.modules})`;
  return (
    `SSH uses ssh2's pure-JS crypto: its native add-on did not load under ${where}. ` +
    'Deployments work but cost more CPU per byte; rebuild the add-on for this runtime (npm rebuild ssh2).'
  );
}

/** Says the notice once per process, however many connections ask. */
export class CryptoNotice {
  private said = false;

  constructor(
    readonly text: string | null,
    private readonly log: (text: string) => void,
  ) {}

  /** Logs the notice the first time it is called (if there is one); returns it every time. */
  report(): string | null {
    if (this.text && !this.said) {
      this.said = true;
      this.log(`quorum: ${this.text}`);
    }
    return this.text;
  }
}

const { node, modules, electron } = process.versions;

/** This process's notice, detected once from ssh2's own flag. */
export const sshCryptoNotice = new CryptoNotice(
  cryptoFallbackNotice(ssh2Crypto.bindingAvailable, {
    node: node,
    modules: modules,
    ...(electron ? { electron } : {}),
  }),
  (text) => console.warn(text),
);
