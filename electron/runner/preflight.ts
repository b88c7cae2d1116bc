/** Preflight of one node: reachable, host key, login, sudo and OS family. Runs nothing that changes a node. */
import type { PreflightRow } from '../../shared/api/operations/deploy';
import { osMatchesDistro } from '../../shared/deploy/os';
import type { Plan, PlanNode } from '../../shared/plan/types';
import type { SshConnection } from '../ssh/connection';
import { SshError, suggestedFix } from '../ssh/errors';

/** One preflight row for `node`, connecting through `connect` (the deploy session's connector). */
export async function preflightNode(
  node: PlanNode,
  distro: Plan['distro'],
  connect: (node: PlanNode) => Promise<SshConnection>,
): Promise<PreflightRow> {
  const row: PreflightRow = {
    node: node.id,
    hostname: node.hostname,
    target: node.ssh ? `${node.ssh.user}@${node.ssh.host}:${node.ssh.port}` : '(no SSH endpoint)',
    reachable: false,
    auth: false,
    sudo: false,
    os: null,
    osMatches: null,
    problem: null,
    fix: null,
    hostKey: null,
  };
  let connection: SshConnection | null = null;
  try {
    connection = await connect(node);
    row.reachable = true;
    row.auth = true;
    const os = await capture(connection, '. /etc/os-release && echo "$ID $VERSION_ID"', false);
    row.os = os.ok ? os.out.trim() : null;
    row.osMatches = row.os ? osMatchesDistro(row.os, distro) : null;
    const sudo = await capture(connection, 'true', true);
    row.sudo = sudo.ok;
    if (!sudo.ok) {
      row.problem = `sudo failed: ${sudo.error}`;
      row.fix = 'Give the user sudo rights, or set the sudo password in the credentials.';
    } else if (row.osMatches === false) {
      row.problem = `the node runs ${row.os}; the design expects the ${distro} family`;
      row.fix = 'Change the distro in Options, or reinstall the node.';
    }
  } catch (error) {
    if (error instanceof SshError) {
      row.reachable = !['unreachable', 'timeout', 'jump-host'].includes(error.kind);
      row.problem = error.message;
      row.fix = suggestedFix(error.kind);
      if (error.hostKey) row.hostKey = error.hostKey;
    } else {
      row.problem = (error as Error).message;
    }
  } finally {
    connection?.dispose();
  }
  return row;
}

/** Runs a short command and collects its output, or why it failed. */
async function capture(
  connection: SshConnection,
  command: string,
  sudo: boolean,
): Promise<{ ok: boolean; out: string; error: string }> {
  const handle = await connection.exec(command, { sudo, timeoutMs: 15_000 });
  let out = '';
  let err = '';
  handle.onData((stream, data) => (stream === 'stdout' ? (out += data) : (err += data)));
  const end = await handle.result;
  const ok = end.kind === 'exit' && end.code === 0;
  const error =
    end.kind === 'sudo-failed'
      ? end.message
      : end.kind === 'exit'
        ? `exit ${end.code} ${err.trim()}`
        : end.kind;
  return { ok, out, error };
}
