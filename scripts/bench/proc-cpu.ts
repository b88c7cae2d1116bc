/**
 * CPU time per thread of this process's child processes (Chromium's renderer, GPU and browser
 * processes), read from Linux's /proc. On a shared machine CPU time per MB says far more than MB/s:
 * a busy neighbour lengthens the wall time but hardly the CPU a unit of work takes.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (CLK_TCK, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function children(pid: number): number[] {
  const found: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) found.push(...text.split(/\s+/).map(Number));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return found;
}

/** CPU milliseconds by `processType/threadName` over every Chromium process below this one. */
export function childCpu(): Record<string, number> {
  const pids = children(process.pid);
  for (let i = 0; i < pids.length; i++) {
    try {
      pids.push(...children(pids[i]!));
    } catch {
      // The process ended meanwhile.
    }
  }
  const cpu: Record<string, number> = {};
  for (const pid of pids) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // Only Chromium's processes (the sshd lab is a child of the benchmark too).
      if (!command.includes('chrom')) continue;
      const type = /--type=([a-z-]+)/.exec(command)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
        const key = `${type}/${name}`;
        cpu[key] = (cpu[key] ?? 0) + ms;
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return cpu;
}

/** CPU used between two `childCpu()` readings, by thread, and in total. */
export function cpuSince(before: Record<string, number>): {
  total: number;
  byThread: Record<string, number>;
} {
  const after = childCpu();
  const byThread: Record<string, number> = {};
  let total = 0;
  for (const key of Object.keys(after)) {
    const used = after[key]! - (before[key] ?? 0);
    if (used > 0) byThread[key] = used;
    total += Math.max(0, used);
  }
  return { total, byThread };
}

/** The renderer's main thread (Chromium names it after the executable) in a `cpuSince` result. */
export function rendererMain(byThread: Record<string, number>): number {
  return byThread['renderer/chromium'] ?? byThread['renderer/CrRendererMain'] ?? 0;
}
