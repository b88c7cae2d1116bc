/**
 * Which `/etc/os-release` IDs belong to each distro family the planner knows.
 */
import type { Plan } from '../plan/types';

/** os-release `ID`s per family. */
export const FAMILY_IDS: Record<Plan['distro'], string[]> = {
  debian: ['debian', 'ubuntu'],
  rhel: ['rhel', 'centos', 'rocky', 'almalinux', 'fedora', 'ol'],
  suse: ['sles', 'opensuse-leap', 'opensuse', 'opensuse-tumbleweed'],
};

/** Whether `ID VERSION_ID` (as preflight reads it) is of the plan's family. */
export function osMatchesDistro(os: string, distro: Plan['distro']): boolean {
  const id = os.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return FAMILY_IDS[distro].includes(id);
}
