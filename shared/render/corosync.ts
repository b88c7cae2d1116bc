/**
 * corosync.conf (Corosync 3, knet, encrypted with the shared authkey). `node { … }` blocks span lines
 * (LAB-NOTES: one-line blocks are not parsed as intended).
 */
import type { Topology } from '../topology';

/** The corosync.conf shared by every node of the Pacemaker cluster. */
export function renderCorosyncConfig(ctx: Topology): string {
  const nodes = ctx.pacemaker.nodes;
  const out = [
    '# Written by Quorum.',
    'totem {',
    '    version: 2',
    `    cluster_name: ${ctx.clusterName}`,
    '    transport: knet',
    '    crypto_cipher: aes256',
    '    crypto_hash: sha256',
    '    keyfile: /etc/corosync/authkey',
    '}',
    '',
    'nodelist {',
  ];
  nodes.forEach((node, i) => {
    out.push(
      '    node {',
      `        ring0_addr: ${ctx.address(node)}`,
      `        name: ${node.hostname}`,
      `        nodeid: ${i + 1}`,
      '    }',
    );
  });
  out.push('}', '', 'quorum {', '    provider: corosync_votequorum');
  // Two nodes cannot form a majority after one fails: two_node (when chosen) keeps quorum, fencing decides.
  if (ctx.facts.pacemaker.twoNode) out.push('    two_node: 1');
  out.push(
    '}',
    '',
    'logging {',
    '    to_logfile: yes',
    `    logfile: ${ctx.distro.family === 'debian' ? '/var/log/corosync' : '/var/log/cluster'}/corosync.log`,
    '    to_syslog: yes',
    '    timestamp: on',
    '}',
    '',
  );
  return out.join('\n');
}
