// The Verify panel's drill section rendered to HTML with React's server renderer (no DOM library in this
// project): what it shows for a store state, as the user reads it.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DrillAvailability, DrillRecord, VipFailoverResult } from '../../../../shared/drill/types';
import { DRILLS } from '../../../../shared/drill/availability';
import { SAMPLE_VIP_FAILOVER } from '../../../../shared/drill/samples';
import { useStore } from '../../store';
import { DrillSection } from './DrillPanel';

const result = SAMPLE_VIP_FAILOVER;

function record(id: string, r: VipFailoverResult, startedAt: string): DrillRecord {
  return {
    id,
    kind: 'vip-failover',
    lab: 'qd1',
    designName: 'lab',
    runId: 'run-1',
    status: 'done',
    startedAt,
    finishedAt: startedAt,
    lines: ['powering off lab-1 (hard) while writes go through the VIP', 'VIP on lab-3 after 1.62 s'],
    result: r,
    error: null,
  };
}

const available: DrillAvailability[] = DRILLS.map((d) => ({
  ...d,
  available: true,
  reason: null,
  lab: 'qd1',
}));
const reason =
  "Drills power nodes off and on; this design's database nodes are not lab nodes (start a lab with quorum lab up and deploy its design).";

/** The `<button …>` tag of a drill's start button. */
function buttonTag(html: string, kind: string): string {
  const at = html.lastIndexOf('<button', html.indexOf(`data-testid="drill-start-${kind}"`));
  return html.slice(at, html.indexOf('>', at) + 1);
}

beforeEach(() => useStore.setState({ drills: [], drillRecords: [], drillRunning: null }));

/** The section as the panel renders it from the store (the server renderer cannot read a changed store). */
function render(): string {
  const { drills, drillRecords, drillRunning } = useStore.getState();
  return renderToStaticMarkup(<DrillSection drills={drills} records={drillRecords} running={drillRunning} />);
}

describe('DrillPanel', () => {
  it('off lab nodes: every button is disabled and the shared reason is shown once, under the buttons', () => {
    useStore.setState({ drills: DRILLS.map((d) => ({ ...d, available: false, reason, lab: null })) });
    const html = render();
    const escaped = reason.replace(/'/g, '&#x27;');
    for (const d of DRILLS) {
      expect(buttonTag(html, d.kind)).toMatch(/disabled=""/);
      // Still the hover title of each button…
      expect(buttonTag(html, d.kind)).toContain(`title="${escaped}"`);
      expect(html).not.toContain(`data-testid="drill-reason-${d.kind}"`);
    }
    // …but on screen (as element text) once, after the list of buttons.
    expect(html.split(`>${escaped}<`)).toHaveLength(2);
    expect(html).toMatch(/<\/ul><p class="drill-reason drill-reason-shared" data-testid="drill-reason">/);
    expect(html).toContain('not lab nodes (start a lab with quorum lab up');
  });

  it('reasons that differ are shown beside their own button, with no shared line', () => {
    const other = 'The drills need a Galera cluster; this design keeps the database on DRBD with MySQL.';
    useStore.setState({
      drills: [
        { ...DRILLS[0]!, available: false, reason, lab: null },
        { ...DRILLS[1]!, available: false, reason: other, lab: null },
      ],
    });
    const html = render();
    expect(html).not.toContain('data-testid="drill-reason"');
    expect(html).toContain(
      `data-testid="drill-reason-vip-failover">${reason.replace(/'/g, '&#x27;')}</span>`,
    );
    expect(html).toContain(`data-testid="drill-reason-full-outage">${other}</span>`);
  });

  it('one drill blocked, the other not: the reason stays beside the blocked button', () => {
    useStore.setState({ drills: [available[0]!, { ...available[1]!, available: false, reason }] });
    const html = render();
    expect(html).not.toContain('data-testid="drill-reason"');
    expect(html).not.toContain('data-testid="drill-reason-vip-failover"');
    expect(html).toContain('data-testid="drill-reason-full-outage"');
  });

  it('on a lab: buttons enabled with their why; the last result as judged figures, earlier ones listed with their time', () => {
    const slow = { ...result, writesBackSeconds: 3.4, acknowledged: 90, found: 89, lost: [12] };
    useStore.setState({
      drills: available,
      drillRecords: [
        record('a', slow, '2026-11-22T05:00:00.000Z'),
        record('b', result, '2026-11-22T06:00:00.000Z'),
      ],
    });
    const html = render();
    expect(buttonTag(html, 'vip-failover')).not.toMatch(/disabled/);
    expect(html).toContain(DRILLS[0]!.why.replace(/'/g, '&#x27;'));
    expect(html).not.toContain('drill-reason-');
    // The newest (b) is shown as figures: green rows, 128 / 128 / 0.
    expect(html).toMatch(
      /<tr class="drill-good" data-status="good"><th scope="row">Writes succeed again<\/th><td>✔ 2.21 s/,
    );
    expect(html).toContain('128 / 128 / 0');
    expect(html).toContain('every target met');
    // The earlier one (a) is one line with its time, red: a write was lost.
    expect(html).toMatch(
      /<li class="verify-fail">[^<]*— vip-failover: writes back 3.40 s, 89\/90 found, 1 lost<\/li>/,
    );
    expect(html).toContain(new Date('2026-11-22T05:00:00.000Z').toLocaleString());
  });

  it('while a drill runs: its lines are shown live and no other drill can start', () => {
    useStore.setState({
      drills: available,
      drillRunning: {
        ...record('c', result, '2026-11-22T07:00:00.000Z'),
        status: 'running',
        result: null,
        finishedAt: null,
      },
    });
    useStore.getState().addDrillLine('c', 'lab-1 powered off');
    const html = render();
    expect(html).toContain('running…');
    expect(html).toMatch(/VIP on lab-3 after 1.62 s\nlab-1 powered off<\/pre>/);
    expect(buttonTag(html, 'full-outage')).toMatch(/disabled=""/);
    useStore.getState().setDrillRecord(record('c', result, '2026-11-22T07:00:00.000Z'));
    expect(useStore.getState().drillRunning).toBeNull();
    expect(useStore.getState().drillRecords.map((r) => r.id)).toEqual(['c']);
  });
});
