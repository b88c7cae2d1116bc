/**
 * Commands and INI files from the compiled plans, exercised by real programs: the sed edits that bind
 * uWSGI and Apache to a node's address run in /bin/sh on copies of the packaged files, and every INI file
 * a plan writes is read by Python's configparser (the closest stand-in for oslo.config here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../shared/plan/compile';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import { uwsgiBind } from '../../shared/plan/phases/services';
import { resolveTopology } from '../../shared/topology';
import { CONFIGPARSER_CHECK, hasPython3, lazyPythonBatch, pythonValue } from './test-support/python-batch';

const designs = templateDesigns();

describe('binding APIs to the node address', () => {
  it('rewrites a uWSGI http-socket for the listed ports only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-uwsgi-'));
    writeFileSync(join(dir, 'nova-api-uwsgi.ini'), '[uwsgi]\nhttp-socket = [::]:8774\nprocesses = 4\n');
    writeFileSync(join(dir, 'other-uwsgi.ini'), '[uwsgi]\nhttp-socket = [::]:9999\n');
    const ctx = resolveTopology(designs['ha-guide-reference']!);
    const node = ctx.controllers.nodes[1]!;
    const result = spawnSync('/bin/sh', ['-c', uwsgiBind(ctx, node, dir, [8774, 8775])], {
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'nova-api-uwsgi.ini'), 'utf8')).toContain('http-socket = 10.0.0.12:8774\n');
    expect(readFileSync(join(dir, 'other-uwsgi.ini'), 'utf8')).toContain('http-socket = [::]:9999');
    // No uWSGI file at all: still exit 0.
    const empty = mkdtempSync(join(tmpdir(), 'quorum-uwsgi-'));
    expect(spawnSync('/bin/sh', ['-c', uwsgiBind(ctx, node, empty, [5000])]).status).toBe(0);
  });

  it('rewrites Apache Listen lines in place (keystone.bind step)', () => {
    const plan = compilePlan(designs['ha-guide-reference']!);
    const step = plan.steps.find((s) => s.id === 'keystone.bind:controller3')!;
    const dir = mkdtempSync(join(tmpdir(), 'quorum-apache-'));
    const site = join(dir, 'keystone.conf');
    const ports = join(dir, 'ports.conf');
    writeFileSync(site, 'Listen 5000\n<VirtualHost *:5000>\n</VirtualHost>\n');
    writeFileSync(ports, 'Listen 80\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n');
    for (const action of step.actions) {
      if (action.kind !== 'run' || !action.command.includes('Listen')) continue;
      const command = action.command
        .replaceAll('/etc/apache2/sites-available/keystone.conf', site)
        .replaceAll('/etc/apache2/ports.conf', ports);
      expect(spawnSync('/bin/sh', ['-c', command]).status).toBe(0);
    }
    expect(readFileSync(site, 'utf8')).toMatch(/^Listen 10\.0\.0\.13:5000\n<VirtualHost \*:5000>/);
    expect(readFileSync(ports, 'utf8')).toMatch(/^Listen 10\.0\.0\.13:80\n.*Listen 443/s);
  });
});

describe('configparser reads every INI file the plans write', () => {
  const files = Object.entries(designs).flatMap(([name, design]) =>
    compilePlan(design).steps.flatMap((step) =>
      step.actions.flatMap((a) =>
        a.kind === 'write-file' &&
        /^\/etc\/(keystone|glance|placement|nova|neutron|cinder)\/.*\.(conf|ini)$/.test(a.path)
          ? [[`${name} ${step.id} ${a.path}`, a.content] as const]
          : [],
      ),
    ),
  );
  const python = hasPython3();
  // One Python process reads every file (starting Python per file took minutes).
  const parsedFiles = lazyPythonBatch(CONFIGPARSER_CHECK, () => files.map(([, content]) => content));
  it('finds the service files', () => expect(files.length).toBeGreaterThan(50));
  it.skipIf(!python).each(files.map(([label], i) => [label, i] as const))('%s', (_, i) => {
    // The sections as configparser lists them (DEFAULT is not one of them).
    const { DEFAULT: _defaults, ...parsed } = pythonValue<Record<string, Record<string, string>>>(
      parsedFiles()[i],
    );
    for (const [section, values] of Object.entries(parsed)) {
      for (const [key, value] of Object.entries(values)) {
        expect(value.trim(), `${section}.${key} is empty`).not.toBe('');
        if (key === 'connection')
          expect(value).toMatch(/^mysql\+pymysql:\/\/\w+:\{\{secret:db_\w+\}\}@[\d.]+\/\w+$/);
        if (key === 'transport_url')
          expect(value).toMatch(
            /^rabbit:\/\/(openstack:\{\{secret:rabbitmq_openstack\}\}@[\d.]+:5672,?)+\/openstack$/,
          );
        if (key === 'password') expect(value).toMatch(/^\{\{secret:\w+\}\}$/);
      }
    }
  });
});
