import { describe, expect, it } from 'vitest';
import { templateDesigns } from '../plan/fixtures/designs';
import { resolveTopology } from '../topology';
import { GALERA_CHECK, renderHaproxyConfig } from './haproxy';
import { ADVERT_INTERVAL_S, VRRP_VERSION, renderKeepalivedConfig } from './keepalived';
import { GALERA_FAILURE_DETECTION, renderGaleraConfig } from './mariadb';

/** ISO 8601 periods as Galera writes them (PT0.3S, PT1S, PT1M) in seconds. */
function seconds(period: string): number {
  const m = /^PT(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

const options = Object.fromEntries(
  GALERA_FAILURE_DETECTION.split(';').map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]),
);
const design = templateDesigns()['ha-guide-reference']!;
const ctx = resolveTopology(design);

describe('failover timers (target: writes through the VIP within 3 s of the holder’s death)', () => {
  it('Galera: keepalive below a third of the suspect timeout (mariadbd refuses to start otherwise)', () => {
    const keepalive = seconds(options['evs.keepalive_period']!);
    const suspect = seconds(options['evs.suspect_timeout']!);
    const check = seconds(options['evs.inactive_check_period']!);
    expect(keepalive).toBeGreaterThanOrEqual(0.1);
    expect(keepalive).toBeLessThan(suspect / 3);
    expect(check).toBeLessThanOrEqual(suspect);
    expect(suspect + check).toBeLessThan(3);
    expect(renderGaleraConfig(ctx, ctx.database.nodes[0]!)).toContain(GALERA_FAILURE_DETECTION);
  });

  it('keepalived: VRRPv3 (sub-second adverts) and a master-down interval under 2 s, no v2 authentication', () => {
    expect(VRRP_VERSION).toBe(3);
    const text = renderKeepalivedConfig(ctx, ctx.loadBalancers.nodes[1]!);
    expect(text).toContain('vrrp_version 3');
    expect(text).toContain(`advert_int ${ADVERT_INTERVAL_S}`);
    expect(text).not.toContain('authentication');
    const priority = Number(/priority (\d+)/.exec(text)![1]);
    expect(3 * ADVERT_INTERVAL_S + ((256 - priority) / 256) * ADVERT_INTERVAL_S).toBeLessThan(2);
  });

  it('HAProxy: a dead Galera writer is out in at most 2.25 s; one failed check alone never moves it', () => {
    const text = renderHaproxyConfig(ctx);
    const galera = text.slice(text.indexOf('listen galera'));
    expect(galera).toContain(GALERA_CHECK);
    const ms = (v: string) => (v.endsWith('ms') ? Number(v.slice(0, -2)) : Number(v.slice(0, -1)) * 1000);
    const get = (k: string) => new RegExp(`\\b${k} (\\S+)`).exec(GALERA_CHECK)![1]!;
    const connect = ms(/timeout connect (\S+)/.exec(galera)![1]!);
    const fall = Number(get('fall'));
    expect(fall).toBeGreaterThanOrEqual(2);
    // Worst case: the first failing check starts one interval after the death; each attempt lasts the
    // connect timeout; the next ones come every fastinter.
    const worst = ms(get('inter')) + fall * connect + (fall - 1) * ms(get('fastinter'));
    expect(worst).toBeLessThanOrEqual(2250);
  });
});
