import type { Response } from '@playwright/test';
import { test, expect } from './fixtures';
import { QuorumApp } from './pages/quorum-app';

/** The page's JavaScript responses so far: file name, encoding and caching. */
function scripts(responses: Response[]) {
  return responses
    .filter((r) => r.url().endsWith('.js'))
    .map((r) => ({
      name: new URL(r.url()).pathname.split('/').pop()!,
      encoding: r.headers()['content-encoding'],
      cache: r.headers()['cache-control'],
    }));
}

test('start-up loads neither xterm nor the plan compiler; they come compressed with their tabs', async ({
  page,
  server,
}) => {
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  const app = new QuorumApp(page, server.url);
  await app.open();

  const startup = scripts(responses);
  // The entry and the chunks it shares with the lazy tabs (the store, the schema and topology); never a
  // tab's own chunk, xterm's (TerminalPanel) or the plan compiler's.
  expect(startup.map((s) => s.name)).toContainEqual(expect.stringMatching(/^index-[\w-]{8}\.js$/));
  expect(startup.map((s) => s.name).join(' ')).not.toMatch(
    /PlanTab-|DeployTab-|GuideTab-|TerminalPanel-|compile-/,
  );
  for (const s of startup) {
    // The bundler's tiny runtime chunk is below the size worth compressing.
    if (!s.name.startsWith('rolldown-runtime-')) expect(s.encoding).toMatch(/^(br|gzip)$/);
    expect(s.cache).toBe('public, max-age=31536000, immutable');
  }

  await app.tab('Plan').click();
  await expect(page.getByRole('tabpanel')).not.toContainText('Loading…');
  const plan = scripts(responses).slice(startup.length);
  expect(plan.map((s) => s.name).join(' ')).toMatch(/PlanTab-/);
  // The compiler's own chunk arrives with the Plan tab (so its absence at start-up means something).
  expect(plan.map((s) => s.name).join(' ')).toMatch(/compile-/);
  expect(plan.map((s) => s.name).join(' ')).not.toMatch(/DeployTab-/);

  await app.tab('Deploy').click();
  await expect(page.getByTestId('deploy-no-plan')).toBeVisible();
  const deploy = scripts(responses).slice(startup.length + plan.length);
  expect(deploy.map((s) => s.name).join(' ')).toMatch(/DeployTab-/);
  expect(deploy.map((s) => s.name).join(' ')).toMatch(/TerminalPanel-/);
  for (const s of [...plan, ...deploy]) expect(s.encoding).toMatch(/^(br|gzip)$/);
});
