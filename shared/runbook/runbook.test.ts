import { describe, expect, it } from 'vitest';
import { compilePlan } from '../plan/compile';
import { templateDesigns } from '../plan/fixtures/designs';
import { buildRunbook } from './model';
import { runbookHtml, runbookMarkdown } from './render';

const designs = templateDesigns();
function runbookOf(name: string, secrets?: Record<string, string>) {
  const design = designs[name]!;
  const plan = compilePlan(design);
  return { design, plan, runbook: buildRunbook(design, plan, { secrets }) };
}

describe('runbook', () => {
  it('masks every secret unless values are given', () => {
    const { design, runbook, plan } = runbookOf('ha-guide-reference');
    const md = runbookMarkdown(runbook);
    const html = runbookHtml(runbook, design);
    for (const text of [md, html]) {
      expect(text).not.toContain('{{secret:');
      expect(text).toContain('«secret:keystone_admin»');
    }
    const values = Object.fromEntries(plan.secrets.map((s) => [s.name, `VALUE-${s.name}`]));
    const filled = runbookMarkdown(buildRunbook(design, plan, { secrets: values }));
    expect(filled).not.toContain('«secret:');
    expect(filled).toContain("--bootstrap-password 'VALUE-keystone_admin'");
    expect(filled).toContain('This copy contains secrets');
  });

  it('has the IP plan, options with why, every step and its files', () => {
    const { runbook, plan } = runbookOf('ha-guide-reference');
    const md = runbookMarkdown(runbook);
    expect(md).toContain('| controller2 | controller, load-balancer | 10.0.0.12 (eth0) |');
    expect(md).toContain('| Database | galera-haproxy | Synchronous multi-master replication');
    for (const step of plan.steps) expect(md).toContain(`\`${step.id}\``);
    expect(md).toContain('File `/etc/haproxy/haproxy.cfg` (root:root, mode 0644)');
    expect(md).toContain('server controller2 10.0.0.12:3306 check backup');
  });

  it('includes the recovery procedures of the chosen options only', () => {
    const ids = (name: string) => runbookOf(name).runbook.recovery.map((r) => r.id);
    expect(ids('ha-guide-reference')).toEqual(['galera-full-outage', 'rabbitmq-rejoin', 'vip-where']);
    expect(ids('legacy-drbd')).toContain('drbd-split-brain');
    expect(ids('legacy-drbd')).not.toContain('galera-full-outage');
    expect(ids('dvr')).toContain('gluster-split-brain-glance');
    expect(ids('field-report')).toContain('galera-pacemaker-outage');
    const md = runbookMarkdown(runbookOf('ha-guide-reference').runbook);
    expect(md).toContain(
      "sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' /var/lib/mysql/grastate.dat",
    );
    expect(md).toContain('rabbitmqctl reset');
  });

  it('HTML is self-contained and escapes file contents', () => {
    const { design, runbook } = runbookOf('ha-guide-reference');
    const html = runbookHtml(runbook, design);
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('&lt;secret ephemeral=');
    expect(html).toContain('<svg class="topology"');
    expect(html).toContain('@media print');
  });
});
