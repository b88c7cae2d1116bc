import { describe, expect, it } from 'vitest';
import { Design, createDesign } from './schema';
import { hostnameFromAlias, importSshHosts } from './ssh-import';

describe('SSH host import', () => {
  it('derives host names from aliases', () => {
    expect(hostnameFromAlias('Controller1.lab.example')).toBe('controller1');
    expect(hostnameFromAlias('db_1')).toBe('db-1');
    expect(hostnameFromAlias('***')).toBe('host');
  });

  it('creates nodes with endpoints and updates an existing host name instead of duplicating it', () => {
    const hosts = [
      {
        alias: 'ctl1',
        host: '10.0.0.11',
        port: 2222,
        user: 'admin',
        identityFile: '~/.ssh/k',
        proxyJump: 'bastion',
      },
      { alias: 'ctl2', host: '10.0.0.12', port: 22, user: null, identityFile: null, proxyJump: null },
    ];
    const first = importSshHosts(createDesign(), hosts, ['controller']);
    expect(first.design.nodes.map((n) => [n.hostname, n.roles, n.ssh])).toEqual([
      [
        'ctl1',
        ['controller'],
        { host: '10.0.0.11', port: 2222, user: 'admin', identityFile: '~/.ssh/k', proxyJump: 'bastion' },
      ],
      ['ctl2', ['controller'], { host: '10.0.0.12', port: 22, user: 'root' }],
    ]);
    const again = importSshHosts(first.design, [{ ...hosts[1]!, port: 2200 }]);
    expect(again.design.nodes).toHaveLength(2);
    expect(again.design.nodes[1]!.ssh?.port).toBe(2200);
    expect(Design.safeParse(again.design).success).toBe(true);
    expect(JSON.stringify(again.design)).not.toMatch(/PRIVATE KEY/);
  });
});
