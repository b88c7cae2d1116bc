/**
 * `npm run bench:latency`: what one command costs on a warm connection, against one loopback sshd.
 * Prints the median and p90 of `true` on a warm step shell and in a session of its own (`exec`), with
 * Nagle's algorithm on (before) and off (TCP_NODELAY, what Quorum does), and which crypto ssh2 uses.
 * Figures only, no assertions.
 *   npm run bench:latency [-- runs]
 */
import { loadavg } from 'node:os';
import ssh2Crypto from 'ssh2/lib/protocol/crypto.js';
import type { SshConnection } from '../../electron/ssh/connection';
import { connectTo } from '../../electron/ssh/test-support/connect';
import { startSshdLab } from '../../electron/ssh/test-support/sshd-harness';

const RUNS = Number(process.argv[2] ?? 60);
/** Runs before measuring: the step shell starts, and the first commands pay for caches and JIT. */
const WARM_UP = 5;

async function timed(run: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function ok(handle: Promise<{ result: Promise<{ kind: string }> }>): Promise<void> {
  const end = await (await handle).result;
  if (end.kind !== 'exit') throw new Error(`\`true\` ended ${JSON.stringify(end)}`);
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

console.log(
  `bench:latency — one loopback sshd, ${RUNS} runs of \`true\` per figure (after ${WARM_UP} warm-up)`,
);
console.log(
  `  ssh2 crypto: ${ssh2Crypto.bindingAvailable ? 'native add-on' : 'pure JS (add-on not loaded)'}`,
);
console.log(
  `  load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const lab = await startSshdLab({ count: 1 });
try {
  const host = lab.hosts[0]!;
  for (const noDelay of [false, true]) {
    const label = noDelay ? 'TCP_NODELAY (now)' : 'Nagle on (before)';
    const connection: SshConnection = await connectTo(lab, host, { noDelay, keepaliveIntervalMs: 2000 });
    try {
      const shell = await timed(() => ok(connection.run('true')));
      const exec = await timed(() => ok(connection.exec('true')));
      console.log(
        `  ${label.padEnd(18)} step shell: median ${ms(at(shell, 0.5))}, p90 ${ms(at(shell, 0.9))}` +
          `   exec: median ${ms(at(exec, 0.5))}, p90 ${ms(at(exec, 0.9))}`,
      );
    } finally {
      connection.dispose();
    }
  }
} finally {
  await lab.stop();
}
