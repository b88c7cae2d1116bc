import { describe, expect, it } from 'vitest';
import { fileDifference, ownershipDifference } from './compare';

const plan = 'a = 1\nwsrep_cluster_address = "gcomm://10.0.0.11,10.0.0.12,10.0.0.13"\nc = 3\n';

describe('fileDifference', () => {
  it('names the first line that differs, with both versions', () => {
    const node = plan.replace(',10.0.0.13', '');
    expect(fileDifference('/etc/galera.cnf', plan, node, 'controller2')).toBe(
      'line 2 of /etc/galera.cnf: the plan has “wsrep_cluster_address = "gcomm://10.0.0.11,10.0.0.12,10.0.0.13"”, controller2 has “wsrep_cluster_address = "gcomm://10.0.0.11,10.0.0.12"”',
    );
  });

  it('says when the node’s file is shorter or longer, or differs only in white space', () => {
    expect(fileDifference('/f', plan, 'a = 1\n', 'n1')).toBe(
      '/f on n1 ends at line 1; the plan continues with “wsrep_cluster_address = "gcomm://10.0.0.11,10.0.0.12,10.0.0.13"”',
    );
    expect(fileDifference('/f', plan, `${plan}extra\n`, 'n1')).toBe(
      '/f on n1 has more than the plan, from line 4: “extra”',
    );
    expect(fileDifference('/f', plan, plan.trimEnd(), 'n1')).toBe('/f on n1 differs in its last line break');
    expect(fileDifference('/f', plan, plan, 'n1')).toBeNull();
  });

  it('cuts a very long line', () => {
    const long = 'x'.repeat(300);
    expect(fileDifference('/f', `${long}\n`, 'y\n', 'n1')).toContain(`“${'x'.repeat(120)}…”`);
  });
});

describe('ownershipDifference', () => {
  const want = { owner: 'root', group: 'mysql', mode: '0640' };
  it.each([
    ['root:mysql 640', null],
    ['root:root 640', '/f on n1 has owner root:root (the plan: root:mysql)'],
    ['root:mysql 644', '/f on n1 has mode 644 (the plan: 640)'],
    ['mysql:mysql 600', '/f on n1 has owner mysql:mysql (the plan: root:mysql) and mode 600 (the plan: 640)'],
    ['', 'cannot read the owner and mode of /f on n1'],
  ])('%j', (stat, expected) => {
    expect(ownershipDifference('/f', want, stat, 'n1')).toBe(expected);
  });
});
