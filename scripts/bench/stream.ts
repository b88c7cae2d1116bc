/**
 * `npm run bench:stream`: 200 MB of output from one node through the runner, the WebSocket transport and
 * xterm in Chromium (the real Deploy tab). Prints MB/s next to plain `ssh host <same command>` on the
 * same host, bytes lost (must be 0), the renderer's peak JS heap and how long a keystroke waits for its
 * frame (keydown → next animation frame, idle and during the flood). Figures only, no assertions.
 * `QUORUM_BENCH_RENDERER=DIR` serves another build of the renderer (a before/after comparison).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startSshdLab } from '../../electron/ssh/test-support/sshd-harness';
import { createBackend } from '../../electron/api/backend';
import { startWebServer } from '../../electron/web/server';
import { labPlan, step } from '../../electron/runner/test-support/plans';
import { xtermCeiling } from './xterm-ceiling';
import { childCpu, cpuSince, rendererMain } from './proc-cpu';

const MB = Number(process.argv[2] ?? 200);
/** `transport-only`: stay off the Deploy tab, so the renderer acknowledges without xterm (a diagnostic). */
const TRANSPORT_ONLY = process.argv[3] === 'transport-only';
const BYTES = MB * 1024 * 1024;
/** `QUORUM_BENCH_PROFILE=DIR`: save the page's CPU profile there (a diagnostic; run Node with --cpu-prof). */
const PROFILE_DIR = process.env.QUORUM_BENCH_PROFILE;
/** One keystroke this often during the flood (a fast typist; enough samples for a p95). */
const KEY_INTERVAL_MS = 100;
const COMMAND = `yes 'deploy output line: Setting up galera-4 (26.4.14-1) ... done 0123456789' | head -c ${BYTES}`;

/** Records, in the page, each keydown's wait from the event's time stamp to the next animation frame. */
async function installKeyProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = window as unknown as { __keyWaits: number[] };
    probe.__keyWaits = [];
    document.addEventListener(
      'keydown',
      (event) => requestAnimationFrame(() => probe.__keyWaits.push(performance.now() - event.timeStamp)),
      { capture: true },
    );
  });
}

/** The key waits recorded while `act` ran. */
async function keyLatencies(page: Page, act: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => ((window as unknown as { __keyWaits: number[] }).__keyWaits = []));
  await act();
  // The last keystroke's frame may still be due.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  return page.evaluate(() => (window as unknown as { __keyWaits: number[] }).__keyWaits);
}

/** A keystroke nothing reacts to (Shift), then a pause. */
async function pressAndPause(page: Page): Promise<void> {
  await page.keyboard.press('Shift');
  await new Promise((resolve) => setTimeout(resolve, KEY_INTERVAL_MS));
}

function quantile(values: number[], q: number): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(0);
}

const root = process.cwd();
if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
}
const work = mkdtempSync(join(tmpdir(), 'quorum-bench-stream-'));
const lab = await startSshdLab({ count: 1 });
const host = lab.hosts[0]!;
/** The machine's load: figures on a shared 2-core machine mean little without it. */
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`bench:stream — ${MB} MB from one loopback node (load average ${load()})`);
try {
  // Plain OpenSSH, output discarded: the ceiling on this machine.
  let started = performance.now();
  const plain = spawnSync(
    'sh',
    [
      '-c',
      `ssh -i ${lab.clientKeyFile} -p ${host.port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@${host.host} "${COMMAND}" | wc -c`,
    ],
    { encoding: 'utf8' },
  );
  const plainSeconds = (performance.now() - started) / 1000;
  console.log(
    `  plain ssh (to wc -c):                  ${(MB / plainSeconds).toFixed(1)} MB/s  (${plain.stdout.trim()} bytes)`,
  );

  const backend = createBackend(
    { dataDir: join(work, 'data'), projectsDir: join(work, 'projects') },
    { host: 'web', version: 'bench' },
  );
  const staticDir = process.env.QUORUM_BENCH_RENDERER ?? join(root, 'out', 'renderer');
  const server = await startWebServer({ backend, staticDir });
  await backend.deploy.knownHosts.addLines(lab.knownHostsLines());
  backend.deploy.setCredentials({ target: '*', identityFile: lab.clientKeyFile });
  await backend.deploy.loadPlan(labPlan(lab, [step('flood', [host.name], [COMMAND], { title: 'Flood' })]));

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(server.url);
  await page.getByText('Connected').waitFor();
  await page.getByRole('tab', { name: 'Deploy' }).click();
  await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
  await installKeyProbe(page);
  const idleKeys = await keyLatencies(page, async () => {
    for (let i = 0; i < 30; i++) await pressAndPause(page);
  });
  let peakHeap = 0;
  let taskSeconds = 0;
  let layoutSeconds = 0;
  const sampleHeap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    peakHeap = Math.max(peakHeap, metric('JSHeapUsedSize'));
    taskSeconds = metric('TaskDuration');
    layoutSeconds = metric('LayoutDuration') + metric('RecalcStyleDuration');
  };
  await sampleHeap();
  const taskStart = taskSeconds;
  const layoutStart = layoutSeconds;
  const cpuStart = process.cpuUsage();
  const browserCpuStart = childCpu();
  if (PROFILE_DIR) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  started = performance.now();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  if (TRANSPORT_ONLY) await page.getByRole('tab', { name: 'Design' }).click();
  let peakUnacked = 0;
  let flooding = true;
  const floodKeys = keyLatencies(page, async () => {
    while (flooding) await pressAndPause(page);
  });
  for (;;) {
    await sampleHeap();
    const runner = backend.deploy.currentRunner;
    if (runner) peakUnacked = Math.max(peakUnacked, runner.pump.peakUnacked);
    if (
      runner &&
      runner.state.status !== 'running' &&
      runner.state.status !== 'ready' &&
      runner.pump.unacknowledged === 0
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  flooding = false;
  const keys = await floodKeys;
  const cpu = process.cpuUsage(cpuStart);
  const browserCpu = cpuSince(browserCpuStart);
  await sampleHeap();
  if (PROFILE_DIR) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(PROFILE_DIR, 'page.cpuprofile'), JSON.stringify(profile));
  }
  const runner = backend.deploy.currentRunner!;
  const delivered = runner.pump.ackedChars - runner.pump.noteChars;
  console.log(
    `  Quorum → WebSocket → ${TRANSPORT_ONLY ? 'page, no xterm:     ' : 'xterm (acked):      '}${(MB / seconds).toFixed(1)} MB/s  (${seconds.toFixed(1)} s, run ${runner.state.status})`,
  );
  console.log(
    `  ratio to plain ssh:                    ${(plainSeconds / seconds).toFixed(2)} (target ≥ 0.5)`,
  );
  console.log(`  bytes lost:                            ${BYTES - delivered}`);
  console.log(
    `  nodes paused for credit:               ${(runner.pump.pausedMs / 1000).toFixed(1)} s of ${seconds.toFixed(1)} s`,
  );
  console.log(`  peak unacknowledged:                   ${(peakUnacked / 1024).toFixed(0)} KB`);
  console.log(
    `  keydown → next frame, idle:            p50 ${quantile(idleKeys, 0.5)} ms, p95 ${quantile(idleKeys, 0.95)} ms (${idleKeys.length} keys)`,
  );
  console.log(
    `  keydown → next frame, during flood:    p50 ${quantile(keys, 0.5)} ms, p95 ${quantile(keys, 0.95)} ms, max ${quantile(keys, 1)} ms (${keys.length} keys; target p95 < 50)`,
  );
  console.log(`  renderer peak JS heap:                 ${(peakHeap / 1024 / 1024).toFixed(1)} MB`);
  // CPU per MB depends far less on what else the machine runs than MB/s does.
  console.log(
    `  page main thread busy:                 ${(((taskSeconds - taskStart) * 1000) / MB).toFixed(0)} ms/MB`,
  );
  console.log(
    `  of which style and layout:             ${(((layoutSeconds - layoutStart) * 1000) / MB).toFixed(0)} ms/MB`,
  );
  console.log(
    `  renderer main thread CPU:              ${(rendererMain(browserCpu.byThread) / MB).toFixed(0)} ms/MB (all of Chromium: ${(browserCpu.total / MB).toFixed(0)} ms/MB)`,
  );
  console.log(
    `  backend process CPU:                   ${((cpu.user + cpu.system) / 1000 / MB).toFixed(0)} ms/MB (with the benchmark's own Playwright client)`,
  );
  if (!TRANSPORT_ONLY) {
    const ceilingMB = Math.min(MB, 50);
    for (const writeKB of [200, 1024]) {
      const ceiling = await xtermCeiling(browser, ceilingMB, writeKB);
      console.log(
        `  xterm alone, ${String(writeKB).padStart(4)} KB writes:         ${ceiling.rate.toFixed(1)} MB/s  (${ceilingMB} MB, renderer main thread ${(ceiling.mainCpu / ceilingMB).toFixed(0)} ms/MB; no network)`,
      );
    }
  }
  console.log(`  load average at end:                   ${load()}`);
  await browser.close();
  await server.close();
  await backend.deploy.dispose();
} finally {
  await lab.stop();
  rmSync(work, { recursive: true, force: true });
}
