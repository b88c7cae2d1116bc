import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
const [,, file, out, ...actions] = process.argv;
const child = spawn(process.execPath, ['bin/quorum.mjs', 'serve', '--port', '0', '--data-dir', '/tmp/q3/data', '--projects-dir', '/tmp/q3/projects'], { stdio: ['ignore', 'pipe', 'pipe'] });
const url = await new Promise((res) => { let o=''; child.stdout.on('data', (c) => { o += c; const m = /https?:\/\/\S+/.exec(o); if (m) res(m[0]); }); });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('CONSOLE', m.text()); });
await page.goto(url);
await page.getByText('Connected').waitFor();
if (file && file !== '-') {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByTestId('open-dialog').getByLabel('Path on the Quorum host').fill(file);
  await page.getByTestId('open-dialog').getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('open-dialog').waitFor({ state: 'hidden' });
}
for (const a of actions) { await eval(`(async () => { ${a} })()`); }
await page.screenshot({ path: out });
await browser.close();
child.kill();
