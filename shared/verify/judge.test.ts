// Judges against real command output: HAProxy's stats CSV and `ss` captured from haproxy and memcached on
// this machine and on lab nodes (Debian bookworm), RabbitMQ's cluster_status JSON and policy listing from a
// lab node. The crm_mon text follows Pacemaker 2.1's format, written by hand: the lab runs no Pacemaker yet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeOutput, resultsOf, type NodeOutcome } from './judge';
import type { VerifyCheck } from './types';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' });

describe('judgeOutput', () => {
  it('equals: a value, a wrong value, and a command that failed show what the node said', () => {
    expect(judgeOutput({ kind: 'equals', expected: '3' }, ok('3\n'))).toMatchObject({
      pass: true,
      observed: '3',
    });
    expect(judgeOutput({ kind: 'equals', expected: 'Synced' }, ok('Donor/Desynced\n'))).toMatchObject({
      pass: false,
      observed: 'Donor/Desynced',
      expected: 'Synced',
    });
    const missing = { exitCode: 127, stdout: '', stderr: 'sh: 1: mysql: not found\n' };
    expect(judgeOutput({ kind: 'equals', expected: '3' }, missing)).toMatchObject({
      pass: false,
      observed: 'exit 127: sh: 1: mysql: not found',
    });
    expect(judgeOutput({ kind: 'equals', expected: '3' }, ok(''))).toMatchObject({ observed: '(empty)' });
  });

  it('haproxy-one-active: one active server UP with backups is green; every server DOWN is red', () => {
    const judge = { kind: 'haproxy-one-active', backend: 'galera' } as const;
    const green = judgeOutput(judge, ok(fixture('haproxy-galera-green.csv')));
    expect(green.pass).toBe(true);
    expect(green.observed).toBe('1 active UP: n1 UP, n2 DOWN (backup), n3 UP (backup)');
    const red = judgeOutput(judge, ok(fixture('haproxy-galera-all-down.csv')));
    expect(red.pass).toBe(false);
    expect(red.observed).toMatch(/^0 active UP: n1 DOWN/);
    // A lab node with one backup DOWN: the writer is still UP, so still green; the DOWN backup is named.
    expect(judgeOutput(judge, ok(fixture('haproxy-galera-lab-one-down.csv')))).toMatchObject({
      pass: true,
      observed: '1 active UP: qvfy-1 UP, qvfy-2 UP (backup), qvfy-3 DOWN (backup)',
    });
    expect(
      judgeOutput(
        { kind: 'haproxy-one-active', backend: 'keystone' },
        ok(fixture('haproxy-galera-green.csv')),
      ),
    ).toMatchObject({ pass: false, observed: 'no keystone servers' });
  });

  it('rabbit-running: all three brokers running in any order; one missing is named', () => {
    const json = fixture('rabbitmq-cluster-status-3.json');
    const three = ['rabbit@qvfy-1', 'rabbit@qvfy-2', 'rabbit@qvfy-3'];
    expect(judgeOutput({ kind: 'rabbit-running', expected: three }, ok(json)).pass).toBe(true);
    const parsed = JSON.parse(json) as { running_nodes: string[] };
    parsed.running_nodes = parsed.running_nodes.filter((n) => n !== 'rabbit@qvfy-3');
    const two = JSON.stringify(parsed);
    expect(judgeOutput({ kind: 'rabbit-running', expected: three }, ok(two))).toMatchObject({
      pass: false,
      observed: 'running: rabbit@qvfy-1 rabbit@qvfy-2; missing rabbit@qvfy-3',
    });
  });

  it('pacemaker-healthy: every node online and resources started; an offline node and a stopped clone are red', () => {
    const nodes = ['qdep-1', 'qdep-2', 'qdep-3'];
    expect(
      judgeOutput({ kind: 'pacemaker-healthy', nodes }, ok(fixture('crm-mon-healthy.txt'))),
    ).toMatchObject({
      pass: true,
      observed: 'online: qdep-1 qdep-2 qdep-3',
    });
    const red = judgeOutput({ kind: 'pacemaker-healthy', nodes }, ok(fixture('crm-mon-node-offline.txt')));
    expect(red.pass).toBe(false);
    expect(red.observed).toContain('offline: qdep-3');
    expect(red.observed).toContain('Stopped: [ qdep-3 ]');
  });

  it('listening: the node address is green; only 127.0.0.1 is red', () => {
    const judge = { kind: 'listening', address: '127.0.0.5', port: 11299 } as const;
    expect(judgeOutput(judge, ok(fixture('ss-memcached-green.txt'))).pass).toBe(true);
    expect(judgeOutput(judge, ok(fixture('ss-memcached-localhost-only.txt')))).toMatchObject({
      pass: false,
      observed: 'listening on 127.0.0.1:11299',
    });
  });

  it('matches: a policy line is found; none is red with the first line shown', () => {
    const judge = { kind: 'matches', pattern: 'ha-all.*"ha-mode":"all"', expected: 'ha-all' } as const;
    expect(judgeOutput(judge, ok(fixture('rabbitmq-policies-ha-all.txt'))).pass).toBe(true);
    const exactly = { ...judge, pattern: 'ha-all.*"ha-mode":"exactly"' };
    expect(judgeOutput(exactly, ok(fixture('rabbitmq-policies-ha-all.txt'))).pass).toBe(false);
    expect(judgeOutput(judge, ok(''))).toMatchObject({ pass: false, observed: '(empty)' });
  });
});

describe('resultsOf', () => {
  const vip: VerifyCheck = {
    id: 'vip.internal',
    title: 'VIP',
    group: 'VIP',
    nodes: ['a', 'b', 'c'],
    command: 'x',
    sudo: true,
    timeoutMs: 1000,
    judge: { kind: 'equals', expected: 'held' },
    across: 'exactly-one',
    perNode: {},
    fix: '',
  };
  const names = new Map([
    ['a', 'node-a'],
    ['b', 'node-b'],
    ['c', 'node-c'],
  ]);
  const outcome = (node: string, held: boolean): NodeOutcome => ({
    node,
    verdict: { pass: held, observed: held ? 'held' : 'not-held', expected: 'held' },
    tail: '',
    exitCode: 0,
  });

  it('exactly one holder: every cell green, each says where the VIP is', () => {
    const cells = resultsOf(vip, [outcome('a', false), outcome('b', true), outcome('c', false)], names);
    expect(cells.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
    expect(cells[1]!.observed).toBe('here; held by node-b');
  });

  it('two holders (split brain) or none: every cell red', () => {
    const two = resultsOf(vip, [outcome('a', true), outcome('b', true), outcome('c', false)], names);
    expect(two.map((c) => c.status)).toEqual(['fail', 'fail', 'fail']);
    expect(two[2]!.observed).toBe('not here; held by node-a, node-b');
    const none = resultsOf(vip, [outcome('a', false), outcome('b', false), outcome('c', false)], names);
    expect(none[0]!.observed).toBe('not here; held by no node');
  });
});

describe('observed values put what was asked for first', () => {
  it('listening: the designed address first, others after', () => {
    const judge = { kind: 'listening', address: '127.0.0.5', port: 11299 } as const;
    const reversed = readFileSync(join(__dirname, 'fixtures', 'ss-memcached-green.txt'), 'utf8')
      .trim()
      .split('\n')
      .reverse()
      .join('\n');
    expect(judgeOutput(judge, { exitCode: 0, stdout: reversed, stderr: '' }).observed).toBe(
      'listening on 127.0.0.5:11299, 127.0.0.1:11299',
    );
  });
});
