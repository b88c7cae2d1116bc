import { describe, expect, test } from 'vitest';
import { SERVICE_CHECKS, SERVICE_RECOVERY, SERVICE_RULES } from './contributions';
import { SERVICE_MODULES } from './index';

describe('service modules', () => {
  test('the engines get exactly the rules, checks and recovery procedures the modules declare', () => {
    expect(SERVICE_RULES).toEqual(SERVICE_MODULES.flatMap((m) => m.rules ?? []));
    expect(SERVICE_CHECKS).toEqual(SERVICE_MODULES.flatMap((m) => (m.checks ? [m.checks] : [])));
    expect(SERVICE_RECOVERY).toEqual(SERVICE_MODULES.flatMap((m) => (m.recovery ? [m.recovery] : [])));
  });

  test('module ids are unique', () => {
    const ids = SERVICE_MODULES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
