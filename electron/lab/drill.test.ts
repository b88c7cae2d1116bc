import { describe, expect, it } from 'vitest';
import { outageOf, type WriteLine } from './drill';

const w = (id: number, startedAt: number, endedAt: number, ok: boolean): WriteLine => ({
  id,
  startedAt,
  endedAt,
  ok,
});

describe('drill figures', () => {
  it('the outage ends with the acknowledgement of the first write after the last failure', () => {
    const lines = [
      w(1, 99.0, 99.1, true),
      w(2, 100.1, 101.1, false),
      w(3, 101.2, 102.4, true),
      w(4, 102.4, 102.5, true),
    ];
    const outage = outageOf(lines, 100);
    expect(outage.failed.map((l) => l.id)).toEqual([2]);
    expect(outage.back.map((l) => l.id)).toEqual([3, 4]);
    expect(outage.writesBackSeconds).toBe(2.4);
  });

  it('a success between failures does not end the outage; a write in flight at the kill counts', () => {
    const lines = [
      w(1, 99.9, 100.5, false),
      w(2, 100.5, 100.6, true),
      w(3, 100.6, 101.6, false),
      w(4, 101.6, 101.9, true),
    ];
    expect(outageOf(lines, 100).writesBackSeconds).toBe(1.9);
    expect(outageOf([w(1, 100.1, 101.1, false)], 100).writesBackSeconds).toBeNull();
  });
});
