/**
 * What a machine needs before `quorum lab` touches anything: Linux, root, and a handful of tools. The
 * answer is one line that says exactly what is missing and how to get it.
 */
import { findTool } from './host';

/** Host tools the lab runs, with the Debian package that provides each. */
export const LAB_TOOLS: readonly { tool: string; pkg: string }[] = [
  { tool: 'debootstrap', pkg: 'debootstrap' },
  { tool: 'systemd-nspawn', pkg: 'systemd-container' },
  { tool: 'iptables', pkg: 'iptables' },
  { tool: 'ip', pkg: 'iproute2' },
  { tool: 'ssh-keygen', pkg: 'openssh-client' },
  { tool: 'nsenter', pkg: 'util-linux' },
  { tool: 'mount', pkg: 'mount' },
];

/** The facts the check looks at; the defaults read this process and machine (tests pass their own). */
export interface LabHostFacts {
  platform: NodeJS.Platform;
  uid: number;
  hasTool: (tool: string) => boolean;
}

export function currentHostFacts(): LabHostFacts {
  return {
    platform: process.platform,
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    hasTool: (tool) => findTool(tool) !== null,
  };
}

/** Why this machine cannot run a lab (one line), or null when it can. */
export function labHostProblem(facts: LabHostFacts = currentHostFacts()): string | null {
  if (facts.platform !== 'linux')
    return `quorum lab needs Linux with systemd-nspawn (this machine runs ${facts.platform})`;
  if (facts.uid !== 0)
    return 'quorum lab needs root: it creates a bridge, iptables rules, mounts and containers (run it with sudo)';
  const missing = LAB_TOOLS.filter(({ tool }) => !facts.hasTool(tool));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((m) => m.pkg))];
    return `quorum lab needs ${missing.map((m) => m.tool).join(', ')}: apt-get install ${pkgs.join(' ')}`;
  }
  return null;
}
