import { describe, expect, it } from 'vitest';
import {
  chooseBootstrapNode,
  markSafeToBootstrap,
  needsSeqnoRecovery,
  parseGrastate,
  parseRecoveredPosition,
  type GaleraNodeState,
} from './galera-recovery';

const UUID = '6f6d2c51-c7e5-11f0-8d0a-2e7b3a0c9d41';
const OTHER = '0b3c1e9e-c7e6-11f0-9f1e-6a1f0c2d3e4f';

function grastate(seqno: number, safe: 0 | 1, uuid = UUID): string {
  return `# GALERA saved state\nversion: 2.1\nuuid:    ${uuid}\nseqno:   ${seqno}\nsafe_to_bootstrap: ${safe}\n`;
}

function node(hostname: string, text: string, recovered?: number | null, uuid = UUID): GaleraNodeState {
  return {
    hostname,
    grastate: parseGrastate(text),
    ...(recovered === undefined ? {} : { recovered: recovered === null ? null : { uuid, seqno: recovered } }),
  };
}

describe('Galera full-outage recovery: which node bootstraps', () => {
  it('parses grastate.dat as MariaDB writes it', () => {
    expect(parseGrastate(grastate(1234, 1))).toEqual({ uuid: UUID, seqno: 1234, safeToBootstrap: true });
    expect(parseGrastate(grastate(-1, 0))).toEqual({ uuid: UUID, seqno: -1, safeToBootstrap: false });
    expect(parseGrastate('')).toBeNull();
    expect(parseGrastate(grastate(-1, 0, '00000000-0000-0000-0000-000000000000'))?.uuid).toBeNull();
  });

  it('reads the last recovered position from --wsrep-recover output', () => {
    const log = [
      '2026-11-22  3:01:02 0 [Note] WSREP: Recovered position from storage: 6f6d2c51-c7e5-11f0-8d0a-2e7b3a0c9d41:17',
      `2026-11-22  3:01:02 0 [Note] WSREP: Recovered position: ${UUID}:17`,
      `2026-11-22  3:01:03 0 [Note] WSREP: Recovered position: ${UUID}:42`,
    ].join('\n');
    expect(parseRecoveredPosition(log)).toEqual({ uuid: UUID, seqno: 42 });
    expect(parseRecoveredPosition('no position here')).toBeNull();
  });

  it('a node with safe_to_bootstrap: 1 wins even over a higher seqno elsewhere', () => {
    const nodes = [node('db1', grastate(90, 0)), node('db2', grastate(80, 1)), node('db3', grastate(95, 0))];
    expect(needsSeqnoRecovery(nodes)).toBe(false);
    expect(chooseBootstrapNode(nodes)).toMatchObject({ hostname: 'db2', rule: 'safe-to-bootstrap' });
  });

  it('after a crash (all 0, seqno -1) the highest recovered seqno wins; ties go to design order', () => {
    const crashed = [
      node('db1', grastate(-1, 0), 41),
      node('db2', grastate(-1, 0), 57),
      node('db3', grastate(-1, 0), 12),
    ];
    expect(needsSeqnoRecovery(crashed)).toBe(true);
    expect(chooseBootstrapNode(crashed)).toMatchObject({ hostname: 'db2', rule: 'highest-seqno', seqno: 57 });
    const tie = [node('db1', grastate(-1, 0), 57), node('db2', grastate(-1, 0), 57)];
    expect(chooseBootstrapNode(tie).hostname).toBe('db1');
  });

  it('never picks a node of another cluster or with an unknown position', () => {
    const nodes = [
      node('db1', grastate(-1, 0), null),
      node('db2', grastate(-1, 0), 30),
      node('db3', grastate(-1, 0, OTHER), 999, OTHER),
      node('db4', grastate(-1, 0), 31),
    ];
    expect(chooseBootstrapNode(nodes).hostname).toBe('db4');
    expect(() => chooseBootstrapNode([node('db1', grastate(-1, 0), null)])).toThrow(/choose by hand/);
  });

  it('marks a grastate.dat safe to bootstrap like the runbook sed', () => {
    expect(parseGrastate(markSafeToBootstrap(grastate(-1, 0)))?.safeToBootstrap).toBe(true);
  });
});
