/* global window, document, requestAnimationFrame -- used inside page.evaluate, which runs in the browser */
// Benchmark: a 300-node, 8-network design in Chromium; drag one node programmatically and report frame-time
// p50/p95 (intervals between animation frames during the drag) and the renderer's JS heap. A second drag, clear
// of the canvas edges, shows the cost of a drag without React Flow's auto-pan. The load average is printed too:
// the figures are wall-clock and depend on what else the machine runs. Prints figures;
// asserts nothing (speed targets are benchmarks, not tests). Run with `npm run bench:canvas`.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODES = Number(process.env.BENCH_NODES ?? 300);
const NETWORKS = 8;
const DRAG_STEPS = 240;
const PURPOSES = [
  'management',
  'api',
  'tenant',
  'provider',
  'storage',
  'storage-replication',
  'oob',
  'management',
];

/** A valid schema-v1 design: every node on 3 networks, /22 blocks so 300 hosts fit. */
function bigDesign() {
  const networks = Array.from({ length: NETWORKS }, (_, i) => ({
    id: `net${i}`,
    name: `Network ${i}`,
    purpose: PURPOSES[i],
    cidr: `10.${i * 4}.0.0/22`,
    mtu: 1500,
    gateway: `10.${i * 4}.0.1`,
  }));
  const roles = ['controller', 'compute', 'network', 'ceph-osd'];
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    id: `node${i}`,
    hostname: `node${i}`,
    roles: [roles[i % roles.length]],
    nics: [0, 1 + (i % 3), 4 + (i % 4)].map((n, k) => {
      // Host i is at offset i + 10 inside its network's /22.
      const offset = i + 10;
      return {
        name: `eth${k}`,
        network: `net${n}`,
        address: `10.${n * 4}.${Math.floor(offset / 256)}.${offset % 256}`,
      };
    }),
  }));
  return {
    schemaVersion: 1,
    name: 'Bench: 300 nodes, 8 networks',
    release: '2025.1',
    distro: 'debian',
    nodes,
    networks,
    vips: [],
  };
}

/**
 * CPU time (ms, user + system) used so far by Chromium: every process below this one except the Quorum server.
 * Unlike frame times it hardly depends on what else the machine runs, so runs under different loads compare.
 */
async function chromiumCpuMs(serverPid) {
  const parents = new Map();
  const ticks = new Map();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // Fields after the command name (which may contain spaces): state ppid ... utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(name), Number(fields[1]));
    ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
  }
  const below = (pid, root) => {
    for (let p = pid; p > 1; p = parents.get(p) ?? 0) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks)
    if (pid !== process.pid && below(pid, process.pid) && !below(pid, serverPid)) total += t;
  return (total * 1000) / 100; // USER_HZ is 100 on Linux
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Drags one host along a wave while recording animation-frame intervals; prints p50/p95/max. */
async function drag(page, id, label, serverPid) {
  const host = page.getByTestId(`host-${id}`);
  const box = await host.boundingBox();
  if (!box) throw new Error(`${id} is not on screen`);
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    w.__panned = 0;
    w.__recording = true;
    const viewport = document.querySelector('.react-flow__viewport');
    let transform = viewport.style.transform;
    let last = performance.now();
    const tick = (t) => {
      w.__frames.push(t - last);
      last = t;
      if (viewport.style.transform !== transform) w.__panned++;
      transform = viewport.style.transform;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const profiler = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
  // BENCH_TRACE=<prefix>: a Chromium performance trace of the drag is written to <prefix>-<id>.json (open it in
  // DevTools' Performance panel) to see where a frame's time goes: script, style, layout, paint, raster.
  // With BENCH_TRACE_INVALIDATIONS=1 it also records what invalidated style, layout and paint, and why.
  // BENCH_PROFILE=1 prints the drag's JS self time per function; BENCH_PROFILE_DUMP=<prefix> also saves the
  // profile as <prefix>-<id>.cpuprofile.
  if (process.env.BENCH_TRACE)
    await page
      .context()
      .browser()
      .startTracing(page, {
        categories: [
          ...(process.env.BENCH_TRACE_INVALIDATIONS
            ? ['disabled-by-default-devtools.timeline.invalidationTracking']
            : []),
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'toplevel',
          'cc',
          'blink',
        ],
      });
  const x = box.x + box.width / 2;
  const y = box.y + 10;
  await page.mouse.move(x, y);
  await page.mouse.down();
  const started = performance.now();
  const cpuBefore = await chromiumCpuMs(serverPid);
  for (let i = 1; i <= DRAG_STEPS; i++) {
    await page.mouse.move(x + i * 2, y + Math.sin(i / 10) * 40);
  }
  await page.mouse.up();
  const dragMs = performance.now() - started;
  const cpuMs = (await chromiumCpuMs(serverPid)) - cpuBefore;
  if (process.env.BENCH_TRACE)
    await writeFile(`${process.env.BENCH_TRACE}-${id}.json`, await page.context().browser().stopTracing());
  if (profiler) {
    // Self time per function during the drag, to find what a frame spends its time on.
    const { profile } = await profiler.send('Profiler.stop');
    if (process.env.BENCH_PROFILE_DUMP)
      await writeFile(`${process.env.BENCH_PROFILE_DUMP}-${id}.cpuprofile`, JSON.stringify(profile));
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas;
    profile.samples.forEach((sample, i) => {
      const n = byId.get(sample);
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
  }
  // The first two intervals start before the drag (the loop's own start-up); they are not counted.
  const { frames, panned } = await page.evaluate(() => {
    window.__recording = false;
    return { frames: window.__frames.slice(2), panned: window.__panned };
  });
  const moved = await host.boundingBox();
  const sorted = [...frames].sort((a, b) => a - b);
  const slow = frames.filter((f) => f > 20).length;
  console.log(
    `${label}: ${id}, ${DRAG_STEPS} pointer moves in ${dragMs.toFixed(0)} ms; node moved ${moved ? (moved.x - box.x).toFixed(0) : '?'} px on screen; the drawing auto-panned in ${panned} frames`,
  );
  console.log(
    `  frame time over ${frames.length} frames: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (target p95 < 20 ms); ${slow} frames (${((slow / frames.length) * 100).toFixed(1)} %) over 20 ms`,
  );
  console.log(
    `  Chromium CPU time during the drag: ${cpuMs.toFixed(0)} ms, ${(cpuMs / DRAG_STEPS).toFixed(1)} ms per pointer move (all its processes; depends little on the load)`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'quorum-bench-'));
const file = join(dir, 'bench.quorum');
await writeFile(file, JSON.stringify(bigDesign()));
const server = spawn(
  process.execPath,
  [
    join(root, 'bin', 'quorum.mjs'),
    'serve',
    '--port',
    '0',
    '--data-dir',
    join(dir, 'data'),
    '--projects-dir',
    join(dir, 'projects'),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (c) => {
    out += c;
    const m = /https?:\/\/\S+/.exec(out);
    if (m) resolve(m[0]);
  });
  server.once('exit', (code) => reject(new Error(`quorum serve exited with ${code}`)));
});
const browser = await chromium.launch({
  executablePath: process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url);
  await page.getByText('Connected').waitFor();
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByTestId('open-dialog').getByLabel('Path on the Quorum host').fill(file);
  await page.getByTestId('open-dialog').getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('host-node0').waitFor();
  const rendered = await page.locator('.react-flow__node').count();
  console.log(`canvas bench: ${NODES} nodes, ${NETWORKS} networks, ${rendered} React Flow nodes mounted`);
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
  // A host in the middle of the grid, dragged right along a wave: clear of the edges, so the drawing does not
  // pan. (First: the other drag's auto-pan moves this host off screen.)
  await drag(page, 'node150', 'drag clear of the edges', server.pid);
  // The acceptance figure: node5 in the top row, dragged along the same wave. The wave reaches within 40 px of
  // the canvas's top edge, so React Flow auto-pans the whole drawing during part of the drag (as it does for a
  // user dragging towards an edge); the frames where that happened are counted.
  await drag(page, 'node5', 'drag near the top edge (auto-pans)', server.pid);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  console.log(
    `JS heap after GC: ${(heap.usedSize / 1048576).toFixed(1)} MB used of ${(heap.totalSize / 1048576).toFixed(1)} MB`,
  );
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
