/**
 * Is a node's sshd answering? Connects to port 22 and reads the server's identification line — a real
 * sign that sshd runs, unlike ping (a dying network namespace keeps answering ICMP for ~1.5 s).
 */
import { connect } from 'node:net';
import { sleep } from './host';

/** The SSH identification line of `host:port` (`SSH-2.0-…`), or null when nothing answers in time. */
export function sshBanner(host: string, port = 22, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = '';
    const done = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const line = received.split('\r\n')[0] ?? '';
      if (received.includes('\n')) done(line.startsWith('SSH-') ? line.trim() : null);
    });
    socket.on('error', () => done(null));
    socket.on('close', () => done(null));
  });
}

/** Waits until `host` answers SSH; rejects after `timeoutMs`. */
export async function waitForSsh(
  host: string,
  { timeoutMs = 90_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const banner = await sshBanner(host, 22, 1000);
    if (banner) return banner;
    if (Date.now() > deadline)
      throw new Error(`${host} did not answer SSH within ${Math.round(timeoutMs / 1000)} s`);
    // A refused connection returns at once; poll at a pace that costs nothing on 2 cores.
    await sleep(200, signal);
  }
}
