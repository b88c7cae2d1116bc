/**
 * The runner against real sshd hosts, what it shows and keeps: secrets filled into guards and masked in
 * the stream, the log and the journal; the dry run; flow control of the output.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dryRun } from '../../shared/deploy/dry-run';
import { SECRET_MASK } from '../../shared/deploy/secret-masker';
import { HIGH_WATERMARK } from './output-pump';
import { Journal } from './journal';
import { labPlan, step } from './test-support/plans';
import { runnerLabPerFile, type RunnerLab } from './test-support/runner-lab';

let env: RunnerLab;
runnerLabPerFile(3, (started) => (env = started));
const nodes = ['node1', 'node2', 'node3'];

describe('PlanRunner output', () => {
  it('fills secrets into guards (never shown): a file with a secret is found done on a run again', async () => {
    const dir = env.fresh('guard-secret');
    const path = `${dir}/node1/cookie`;
    const plan = labPlan(env.lab, [
      step(
        'cookie',
        ['node1'],
        [
          {
            kind: 'write-file',
            path,
            owner: 'root',
            group: 'root',
            mode: '0400',
            content: '{{secret:cookie}}',
            sudo: true,
          },
        ],
        { guard: { command: `test "$(cat ${path} 2>/dev/null)" = '{{secret:cookie}}'`, sudo: true } },
      ),
    ]);
    const secrets = { cookie: 'S3cretCookieValue' };
    const first = await env.runner(plan, env.deps(secrets));
    expect((await first.run()).tasks.cookie!.node1!.byGuard).toBe(false);
    await first.close();
    const deps = env.deps(secrets);
    const again = await env.runner(plan, deps);
    const state = await again.run();
    await again.close();
    expect(state.tasks.cookie!.node1).toMatchObject({ status: 'ok', byGuard: true });
    expect(deps.output.get('node1')).not.toContain(secrets.cookie);
    // With another value the guard does not hold and the step runs.
    const changed = env.deps({ cookie: 'AnotherValue' });
    const third = await env.runner(plan, changed);
    expect((await third.run()).tasks.cookie!.node1).toMatchObject({ status: 'ok', byGuard: false });
    await third.close();
    expect(readFileSync(path, 'utf8')).toBe('AnotherValue');
  });

  it('masks a secret echoed by the remote split across chunks, in the stream, the log and the journal', async () => {
    const secret = 'Gal3ra-r00t-pw';
    const quoted = 'q"uo\\te';
    const plan = labPlan(env.lab, [
      step(
        'leak',
        ['node1'],
        [
          `printf 'password is Gal3'; sleep 0.3; printf 'ra-r00t-pw!\\n'; echo {{secret:db_root}} >&2; printf '%s\\n' '{{secret:quoted}}' >&2; exit 1`,
        ],
      ),
    ]);
    const deps = env.deps({ db_root: secret, quoted });
    const runner = await env.runner(plan, deps);
    const state = await runner.run();
    await runner.close();
    const output = deps.output.get('node1')!;
    expect(output).toContain(`password is ${SECRET_MASK}!`);
    expect(output).not.toContain('Gal3ra');
    expect(state.tasks.leak!.node1!.stderrTail).toBe(`${SECRET_MASK}\n${SECRET_MASK}`);
    const log = readFileSync(join(runner.runDir, 'logs', 'node1.log'), 'utf8');
    expect(log).toContain(`password is ${SECRET_MASK}!`);
    expect(log).not.toContain(secret);
    const journal = readFileSync(join(runner.runDir, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(secret);
    expect(journal).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(journal).toContain(SECRET_MASK);
  });

  it('dry run lists every command and file per node and touches nothing', async () => {
    const dir = env.fresh('dry');
    const plan = labPlan(env.lab, [
      step('w', nodes, [
        {
          kind: 'write-file',
          path: `${dir}/dry.conf`,
          owner: 'root',
          group: 'root',
          mode: '0600',
          content: 'pw={{secret:x}}\n',
          sudo: true,
        },
        `touch ${dir}/touched`,
      ]),
    ]);
    const logBefore = env.lab.hosts.map((h) => h.log().length);
    const listing = dryRun(plan);
    expect(listing.map((n) => n.node)).toEqual(nodes);
    expect(listing[0]!.items).toEqual([
      expect.objectContaining({
        kind: 'write-file',
        path: `${dir}/dry.conf`,
        mode: '0600',
        content: 'pw={{secret:x}}\n',
      }),
      expect.objectContaining({ kind: 'run', command: `touch ${dir}/touched` }),
    ]);
    expect(existsSync(`${dir}/dry.conf`)).toBe(false);
    expect(existsSync(`${dir}/touched`)).toBe(false);
    expect(env.lab.hosts.map((h) => h.log().length)).toEqual(logBefore);
  });

  it('pauses the channels above the high watermark until the renderer acknowledges; nothing is lost', async () => {
    const size = 4 * HIGH_WATERMARK;
    const plan = labPlan(env.lab, [step('flood', ['node1'], [`head -c ${size} /dev/zero | tr '\\0' z`])]);
    const deps = env.deps({}, true);
    const runner = await env.runner(plan, deps);
    const done = runner.run();
    const received = () => (deps.output.get('node1') ?? '').length;
    const deadline = Date.now() + 10_000;
    while (!runner.pump.isPaused && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(runner.pump.isPaused).toBe(true);
    const atPause = received();
    expect(atPause).toBeLessThan(size / 2);
    // Acknowledge as a renderer would, in slices, until the run ends.
    let acked = 0;
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      if (received() > acked) {
        runner.pump.ack(received() - acked);
        acked = received();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const state = await done;
    await runner.close();
    expect(state.status).toBe('done');
    // The flood arrives as one unbroken run of z (scanned: a regex over MBs overflows the stack).
    const output = deps.output.get('node1') ?? '';
    const start = output.indexOf('z'.repeat(1000));
    let end = start;
    while (end < output.length && output.charCodeAt(end) === 0x7a) end++;
    expect(end - start).toBe(size);
    expect(runner.pump.peakUnacked).toBeLessThan(2 * HIGH_WATERMARK);
    const records = await Journal.read(join(runner.runDir, 'journal.jsonl'));
    expect(records.map((r) => r.t)).toEqual(['run', 'status', 'intent', 'started', 'result', 'status']);
  });
});
