/**
 * The ceiling for bench:stream: how fast xterm itself, in the same Chromium and window size, takes
 * the same kind of output when nothing but a loop feeds it (no network, no backend), with 1 MB (or two
 * writes, if more) in flight, acknowledged from xterm's write callback.
 */
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import type { Terminal } from '@xterm/xterm';
import { childCpu, cpuSince, rendererMain } from './proc-cpu';

/**
 * Writes `mb` MB into a fresh xterm in a new page of `browser`, `writeKB` per write; resolves with
 * MB/s and the renderer main thread's CPU milliseconds.
 */
export async function xtermCeiling(
  browser: Browser,
  mb: number,
  writeKB = 200,
): Promise<{ rate: number; mainCpu: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const xterm = join(process.cwd(), 'node_modules/@xterm/xterm');
  await page.setContent('<!doctype html><body style="margin:0;background:#11151c"></body>');
  await page.addStyleTag({ path: join(xterm, 'css/xterm.css') });
  await page.addScriptTag({ path: join(xterm, 'lib/xterm.js') });
  const cpuStart = childCpu();
  const rate = await page.evaluate(
    async ({ mb, writeKB }) => {
      const host = document.createElement('div');
      host.style.cssText = 'position:fixed;inset:0;width:1200px;height:500px;z-index:1000';
      document.body.appendChild(host);
      const XTerm = (window as unknown as { Terminal: typeof Terminal }).Terminal;
      const term = new XTerm({ convertEol: true, scrollback: 20_000, fontSize: 12 });
      term.open(host);
      const line =
        '\x1b[36mnode-1\x1b[0m │ deploy output line: Setting up galera-4 (26.4.14-1) ... done 0123456789\n';
      const batch = line.repeat(Math.ceil((writeKB * 1024) / line.length));
      const inFlight = Math.max(1024 * 1024, 2 * batch.length);
      const total = mb * 1024 * 1024;
      const started = performance.now();
      let sent = 0;
      let acked = 0;
      await new Promise<void>((resolve) => {
        const fill = () => {
          while (sent - acked < inFlight && sent < total) {
            sent += batch.length;
            term.write(batch, () => {
              acked += batch.length;
              if (acked >= total) resolve();
              else fill();
            });
          }
        };
        fill();
      });
      const seconds = (performance.now() - started) / 1000;
      term.dispose();
      host.remove();
      return mb / seconds;
    },
    { mb, writeKB },
  );
  const mainCpu = rendererMain(cpuSince(cpuStart).byThread);
  await page.close();
  return { rate, mainCpu };
}
