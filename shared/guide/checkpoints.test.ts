import { describe, expect, it } from 'vitest';
import bookLab from '../../assets/templates/book-lab.quorum?raw';
import fieldReport from '../../assets/templates/field-report.quorum?raw';
import { parseProjectFile } from '../design/project-file';
import { verificationChecks } from '../verify/checks';
import { checkpointChecks, checkpointId } from './checkpoints';

function checksOf(text: string) {
  const parsed = parseProjectFile(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return verificationChecks(parsed.design);
}

describe('checkpointChecks', () => {
  const book = checksOf(bookLab);
  const ids = (chapter: string, checks = book) => checkpointChecks(chapter, checks).map((c) => c.id);

  it('closes each infrastructure chapter with its own checks', () => {
    expect(ids('database')).toEqual([
      'galera.cluster-size',
      'galera.synced',
      'galera.primary',
      'galera.clustercheck',
      'galera.garbd',
    ]);
    expect(ids('load-balancing')).toEqual([
      'haproxy.running',
      'haproxy.galera-backend',
      'vip.vip-api',
      'keepalived.running',
    ]);
    expect(ids('messaging')).toContain('rabbitmq.cluster');
    expect(ids('preflight')).toEqual([]);
  });

  it('puts each API check after its service, Placement with Nova, and everything at the end', () => {
    const field = checksOf(fieldReport);
    expect(ids('keystone', field)).toEqual(['api.keystone']);
    expect(ids('nova', field)).toEqual(['api.placement', 'api.nova']);
    expect(ids('pacemaker', field)).toEqual(['pacemaker.healthy']);
    expect(ids('verify', field)).toHaveLength(field.length);
  });

  it('records a passed checkpoint under its own id', () => {
    expect(checkpointId('database')).toBe('checkpoint:database');
  });
});
