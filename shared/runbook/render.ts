/** The runbook model rendered as Markdown and as one self-contained, printable HTML page. */
import type { Design } from '../design/schema';
import type { Action } from '../plan/types';
import type { Runbook, RunbookStep } from './model';

/** Headings of the phases, in the guide's words. */
export const PHASE_TITLES: Record<string, string> = {
  preflight: 'Preflight checks',
  os: 'Operating system preparation',
  pacemaker: 'Pacemaker and Corosync',
  database: 'Database',
  messaging: 'Messaging (RabbitMQ)',
  memcached: 'memcached',
  'load-balancing': 'VIPs and load balancing',
  keystone: 'Identity (Keystone)',
  glance: 'Image service (Glance)',
  nova: 'Placement and Compute controller services (Nova)',
  neutron: 'Networking (Neutron)',
  storage: 'Shared storage',
  swift: 'Object storage (Swift)',
  cinder: 'Block Storage (Cinder)',
  horizon: 'Dashboard (Horizon)',
  compute: 'Compute nodes',
  octavia: 'Load balancing as a service (Octavia)',
  telemetry: 'Telemetry, metrics and logs',
  verify: 'Verification',
};

function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function mdAction(action: Action): string {
  switch (action.kind) {
    case 'run':
      return fence(action.command, 'sh');
    case 'write-file':
      return `File \`${action.path}\` (${action.owner}:${action.group}, mode ${action.mode}):\n\n${fence(action.content)}`;
    case 'check':
      return `Check${action.description ? ` — ${action.description}` : ''} (expects ${describeExpectation(action)}):\n\n${fence(action.command, 'sh')}`;
  }
}

/** "output equals `Synced`" and the like. */
export function describeExpectation(action: Extract<Action, { kind: 'check' }>): string {
  const e = action.expect;
  switch (e.kind) {
    case 'exit-zero':
      return 'exit status 0';
    case 'stdout-contains':
      return `output containing "${e.text}"`;
    case 'stdout-equals':
      return `output "${e.text}"`;
    case 'stdout-matches':
      return `output matching /${e.pattern}/`;
  }
}

function mdStep(step: RunbookStep): string {
  const lines = [
    `### ${step.title}`,
    '',
    `\`${step.id}\` · on ${step.targets.join(', ')} · ${step.mode}${step.rerunSafe ? '' : ' · **not safe to re-run**'}`,
    '',
    step.why,
    '',
  ];
  if (step.guide) lines.push(`*Reference:* ${step.guide}`, '');
  if (step.guard) lines.push(`*Skipped when already done:* \`${step.guard}\``, '');
  for (const action of step.actions) lines.push(mdAction(action), '');
  return lines.join('\n');
}

/** The runbook as Markdown. */
export function runbookMarkdown(rb: Runbook): string {
  const out: string[] = [`# Runbook: ${rb.title}`, '', rb.subtitle, ''];
  if (rb.generatedAt) out.push(`Generated ${rb.generatedAt}.`, '');
  out.push(
    rb.secretsMasked
      ? `Secrets are masked as «secret:NAME»; Quorum fills them in when a step runs (${rb.secretNames.length} secrets).`
      : '**This copy contains secrets. Store it like a password.**',
    '',
  );
  out.push('## IP plan', '', '| Network | Purpose | CIDR | VLAN | MTU |', '|---|---|---|---|---|');
  for (const n of rb.networks)
    out.push(`| ${mdCell(n.name)} | ${n.purpose} | ${n.cidr} | ${n.vlan} | ${n.mtu} |`);
  out.push(
    '',
    `| Node | Roles | ${rb.networks.map((n) => mdCell(n.name)).join(' | ')} | SSH |`,
    `|---|---|${rb.networks.map(() => '---|').join('')}---|`,
  );
  for (const node of rb.nodes) {
    out.push(
      `| ${node.hostname} | ${node.roles.join(', ')} | ${rb.networks.map((n) => node.addresses[n.id] ?? '—').join(' | ')} | ${node.ssh} |`,
    );
  }
  out.push('', '| VIP | Address | Network | Services |', '|---|---|---|---|');
  for (const v of rb.vips)
    out.push(`| ${mdCell(v.name)} | ${v.address} | ${v.network} | ${v.services.join(', ')} |`);
  out.push('', '## Options', '', '| Option | Choice | Why |', '|---|---|---|');
  for (const o of rb.options) out.push(`| ${o.name} | ${mdCell(o.value)} | ${mdCell(o.why)} |`);
  out.push('', '## Findings', '');
  if (rb.findings.length === 0) out.push('No findings were supplied with this runbook.', '');
  for (const f of rb.findings) out.push(`- **${f.severity}**: ${f.message}${f.why ? ` — ${f.why}` : ''}`);
  for (const phase of rb.phases) {
    out.push('', `## ${PHASE_TITLES[phase.phase] ?? phase.phase}`, '');
    for (const step of phase.steps) out.push(mdStep(step));
  }
  out.push('## Recovery procedures', '');
  for (const p of rb.recovery) {
    out.push(`### ${p.title}`, '', `*When:* ${p.when}`, '');
    p.steps.forEach((s, i) => {
      out.push(`${i + 1}. ${s.text}`);
      if (s.commands) out.push('', fence(s.commands.join('\n'), 'sh').replace(/^/gm, '   '), '');
    });
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** HTML-escapes text. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** An SVG drawing of nodes and the networks they attach to (up to 60 nodes; larger designs get a note). */
export function topologySvg(design: Design): string {
  const nodes = design.nodes;
  if (nodes.length === 0 || nodes.length > 60) {
    return `<p class="note">${nodes.length === 0 ? 'No nodes.' : `${nodes.length} nodes: too many to draw; see the IP plan.`}</p>`;
  }
  const boxW = 118;
  const gap = 14;
  const width = Math.max(640, 20 + nodes.length * (boxW + gap));
  const netY = (i: number) => 130 + i * 34;
  const height = netY(design.networks.length) + 10;
  const parts: string[] = [];
  design.networks.forEach((net, i) => {
    parts.push(
      `<line x1="10" x2="${width - 10}" y1="${netY(i)}" y2="${netY(i)}" class="net net-${net.purpose}"/>`,
      `<text x="12" y="${netY(i) - 6}" class="netlabel">${escapeHtml(`${net.name} ${net.cidr}`)}</text>`,
    );
    const vips = design.vips.filter((v) => v.network === net.id);
    if (vips.length > 0) {
      parts.push(
        `<text x="${width - 12}" y="${netY(i) - 6}" class="netlabel vip" text-anchor="end">VIP ${escapeHtml(vips.map((v) => v.address).join(', '))}</text>`,
      );
    }
  });
  nodes.forEach((node, i) => {
    const x = 20 + i * (boxW + gap);
    for (const nic of node.nics) {
      const index = design.networks.findIndex((n) => n.id === nic.network);
      if (index >= 0)
        parts.push(
          `<line x1="${x + boxW / 2}" x2="${x + boxW / 2}" y1="70" y2="${netY(index)}" class="link"/><circle cx="${x + boxW / 2}" cy="${netY(index)}" r="3" class="dot"/>`,
        );
    }
    parts.push(
      `<rect x="${x}" y="14" width="${boxW}" height="56" rx="6" class="node"/>`,
      `<text x="${x + boxW / 2}" y="36" text-anchor="middle" class="host">${escapeHtml(node.hostname)}</text>`,
      `<text x="${x + boxW / 2}" y="54" text-anchor="middle" class="roles">${escapeHtml(node.roles.join(', ').slice(0, 24))}</text>`,
    );
  });
  return `<svg class="topology" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Topology">${parts.join('')}</svg>`;
}

function htmlAction(action: Action): string {
  switch (action.kind) {
    case 'run':
      return `<pre class="cmd"><code>${escapeHtml(action.command)}</code></pre>`;
    case 'write-file':
      return `<div class="file"><div class="filehead">${escapeHtml(action.path)} <span>${escapeHtml(`${action.owner}:${action.group} ${action.mode}`)}</span></div><pre><code>${escapeHtml(action.content)}</code></pre></div>`;
    case 'check':
      return `<div class="check"><div class="filehead">Check${action.description ? `: ${escapeHtml(action.description)}` : ''} <span>expects ${escapeHtml(describeExpectation(action))}</span></div><pre class="cmd"><code>${escapeHtml(action.command)}</code></pre></div>`;
  }
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;max-width:1100px;margin:2em auto;padding:0 1.5em}
h1{font-size:1.8em;margin-bottom:.1em}h2{border-bottom:2px solid #2b6cb0;padding-bottom:.2em;margin-top:2em}
h3{margin:1.4em 0 .3em}.sub{color:#556}.meta{color:#556;font-size:.92em}.meta code{background:#eef2f7;padding:0 .3em;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}th,td{border:1px solid #cfd6e0;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#eef2f7}
pre{background:#0f1722;color:#e6edf3;padding:.6em .8em;border-radius:4px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace;margin:.2em 0 .6em}
.file pre,.check pre{margin-top:0;border-top-left-radius:0;border-top-right-radius:0}
.filehead{background:#dde5f0;padding:.25em .6em;font:12px ui-monospace,Menlo,Consolas,monospace;border-radius:4px 4px 0 0}.filehead span{color:#556;float:right}
.warn{color:#9b2c2c;font-weight:600}.note{color:#556;font-style:italic}.secret-banner{background:#fff5e6;border:1px solid #f0b429;padding:.5em .8em;border-radius:4px}
.danger{background:#fde8e8;border-color:#e53e3e}
.topology{border:1px solid #cfd6e0;border-radius:6px;background:#fbfcfe}.topology .node{fill:#fff;stroke:#2b6cb0;stroke-width:1.5}
.topology .host{font:600 12px system-ui;fill:#1d2330}.topology .roles{font:10px system-ui;fill:#556}.topology .net{stroke-width:5;stroke:#90a4c0}
.topology .net-management{stroke:#2b6cb0}.topology .net-tenant{stroke:#38a169}.topology .net-provider,.topology .net-api{stroke:#d69e2e}.topology .net-storage,.topology .net-storage-replication{stroke:#805ad5}
.topology .link{stroke:#90a4c0;stroke-width:1.2}.topology .dot{fill:#1d2330}.topology .netlabel{font:11px system-ui;fill:#334}.topology .vip{font-weight:600;fill:#9b2c2c}
nav ol{columns:2}
@media print{body{max-width:none;margin:0;font-size:11px}h2{break-before:page}h2.first{break-before:avoid}.step,.file,.check,table,svg{break-inside:avoid}pre{white-space:pre-wrap;background:#f4f6f9;color:#111;border:1px solid #ccd}a{color:inherit;text-decoration:none}}
`;

/** The runbook as one HTML page (inline CSS and SVG, no external resources), printable. */
export function runbookHtml(rb: Runbook, design: Design): string {
  const h: string[] = [];
  h.push(
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>Runbook: ${escapeHtml(rb.title)}</title><style>${CSS}</style></head><body>`,
    `<h1>Runbook: ${escapeHtml(rb.title)}</h1><p class="sub">${escapeHtml(rb.subtitle)}${rb.generatedAt ? ` · generated ${escapeHtml(rb.generatedAt)}` : ''}</p>`,
    rb.secretsMasked
      ? `<p class="secret-banner">Secrets are masked as «secret:NAME»; Quorum fills them in when a step runs (${rb.secretNames.length} secrets).</p>`
      : '<p class="secret-banner danger">This copy contains secrets. Store it like a password.</p>',
    '<nav><h2 class="first">Contents</h2><ol><li><a href="#plan">Drawing and IP plan</a></li><li><a href="#options">Options</a></li><li><a href="#findings">Findings</a></li>',
    ...rb.phases.map(
      (p) =>
        `<li><a href="#phase-${p.phase}">${escapeHtml(PHASE_TITLES[p.phase] ?? p.phase)}</a> (${p.steps.length})</li>`,
    ),
    '<li><a href="#recovery">Recovery procedures</a></li></ol></nav>',
    `<h2 id="plan">Drawing and IP plan</h2>${topologySvg(design)}`,
    '<table><tr><th>Network</th><th>Purpose</th><th>CIDR</th><th>VLAN</th><th>MTU</th></tr>',
    ...rb.networks.map(
      (n) =>
        `<tr><td>${escapeHtml(n.name)}</td><td>${n.purpose}</td><td>${n.cidr}</td><td>${n.vlan}</td><td>${n.mtu}</td></tr>`,
    ),
    '</table>',
    `<table><tr><th>Node</th><th>Roles</th>${rb.networks.map((n) => `<th>${escapeHtml(n.name)}</th>`).join('')}<th>SSH</th></tr>`,
    ...rb.nodes.map(
      (node) =>
        `<tr><td>${escapeHtml(node.hostname)}</td><td>${escapeHtml(node.roles.join(', '))}</td>${rb.networks.map((n) => `<td>${escapeHtml(node.addresses[n.id] ?? '—')}</td>`).join('')}<td>${escapeHtml(node.ssh)}</td></tr>`,
    ),
    '</table><table><tr><th>VIP</th><th>Address</th><th>Network</th><th>Services</th></tr>',
    ...rb.vips.map(
      (v) =>
        `<tr><td>${escapeHtml(v.name)}</td><td>${v.address}</td><td>${escapeHtml(v.network)}</td><td>${escapeHtml(v.services.join(', '))}</td></tr>`,
    ),
    '</table><h2 id="options">Options</h2><table><tr><th>Option</th><th>Choice</th><th>Why</th></tr>',
    ...rb.options.map(
      (o) => `<tr><td>${o.name}</td><td>${escapeHtml(o.value)}</td><td>${escapeHtml(o.why)}</td></tr>`,
    ),
    '</table><h2 id="findings">Findings</h2>',
    rb.findings.length === 0
      ? '<p class="note">No findings were supplied with this runbook.</p>'
      : `<ul>${rb.findings.map((f) => `<li><b>${f.severity}</b>: ${escapeHtml(f.message)}${f.why ? ` — ${escapeHtml(f.why)}` : ''}</li>`).join('')}</ul>`,
  );
  for (const phase of rb.phases) {
    h.push(`<h2 id="phase-${phase.phase}">${escapeHtml(PHASE_TITLES[phase.phase] ?? phase.phase)}</h2>`);
    for (const s of phase.steps) {
      h.push(
        `<section class="step" id="step-${escapeHtml(s.id)}"><h3>${escapeHtml(s.title)}</h3>`,
        `<p class="meta"><code>${escapeHtml(s.id)}</code> · on ${escapeHtml(s.targets.join(', '))} · ${s.mode}${s.rerunSafe ? '' : ' · <span class="warn">not safe to re-run</span>'}</p>`,
        `<p>${escapeHtml(s.why)}</p>`,
        s.guide ? `<p class="meta">Reference: ${escapeHtml(s.guide)}</p>` : '',
        s.guard ? `<p class="meta">Skipped when already done: <code>${escapeHtml(s.guard)}</code></p>` : '',
        ...s.actions.map(htmlAction),
        '</section>',
      );
    }
  }
  h.push('<h2 id="recovery">Recovery procedures</h2>');
  for (const p of rb.recovery) {
    h.push(
      `<section class="step"><h3>${escapeHtml(p.title)}</h3><p><i>When:</i> ${escapeHtml(p.when)}</p><ol>`,
      ...p.steps.map(
        (s) =>
          `<li>${escapeHtml(s.text)}${s.commands ? `<pre class="cmd"><code>${escapeHtml(s.commands.join('\n'))}</code></pre>` : ''}</li>`,
      ),
      '</ol></section>',
    );
  }
  h.push('</body></html>\n');
  return h.join('\n');
}
