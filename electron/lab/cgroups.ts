/**
 * A cgroup per node. Without systemd as the host's PID 1, systemd-nspawn creates its `supervisor/` and
 * `payload/` cgroups below the cgroup it starts in; each node is therefore started inside a cgroup of its
 * own (in the name=systemd, unified and memory hierarchies, whichever this host mounts), so that nodes never
 * share one payload tree. The folders sit below this process's own cgroup in each hierarchy, so limits
 * placed on it still apply to the nodes.
 */
import { readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Hierarchy {
  mountPoint: string;
  /** The cgroup of this process inside the hierarchy (`/` for the root). */
  current: string;
}

function hierarchies(): Hierarchy[] {
  const membership = readFileSync('/proc/self/cgroup', 'utf8').split('\n').filter(Boolean);
  const pathOf = (match: (controllers: string[]) => boolean): string | null => {
    for (const line of membership) {
      const [, controllers = '', path = '/'] = line.split(':');
      if (match(controllers.split(','))) return path;
    }
    return null;
  };
  const found: Hierarchy[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const parts = line.split(' ');
    const dash = parts.indexOf('-');
    if (dash < 0) continue;
    const fsType = parts[dash + 1];
    const mountPoint = parts[4] ?? '';
    const superOptions = (parts[dash + 3] ?? '').split(',');
    if (fsType === 'cgroup2') {
      const current = pathOf((c) => c.length === 1 && c[0] === '');
      if (current !== null) found.push({ mountPoint, current });
    } else if (fsType === 'cgroup') {
      const key = superOptions.includes('name=systemd')
        ? 'name=systemd'
        : superOptions.includes('memory')
          ? 'memory'
          : null;
      if (!key) continue;
      const current = pathOf((c) => c.includes(key));
      if (current !== null) found.push({ mountPoint, current });
    }
  }
  return found;
}

/** The cgroup folders a node of lab `lab` named `machine` is started in (not created yet). */
export function nodeCgroupPaths(lab: string, machine: string): string[] {
  return hierarchies().map((h) => join(h.mountPoint, h.current, 'quorum-lab', lab, machine));
}

/** The folders of the cgroup tree at `path`, deepest first; empty when it does not exist. */
function treeDeepestFirst(path: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      try {
        if (statSync(join(dir, entry)).isDirectory()) walk(join(dir, entry));
      } catch {
        // Gone meanwhile.
      }
    }
    out.push(dir);
  };
  walk(path);
  return out;
}

function pidsIn(dirs: readonly string[]): number[] {
  return dirs.flatMap((dir) => {
    try {
      return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/**
 * Removes a node's cgroup folder with everything nspawn created below it. Processes still inside (a
 * node's last processes, an interrupted build) are killed first and waited for, since only an empty cgroup
 * can be removed. Then removes the lab's and `quorum-lab`'s folders when nothing else is left in them.
 */
export async function removeCgroupTree(path: string): Promise<void> {
  const dirs = treeDeepestFirst(path);
  // Killed processes leave their cgroup within milliseconds; 10 s covers a loaded machine.
  const deadline = Date.now() + 10_000;
  for (let pids = pidsIn(dirs); pids.length > 0; pids = pidsIn(dirs)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.join(', ')} do not leave ${path}`);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const dir of dirs) {
    for (let attempt = 0; ; attempt++) {
      try {
        rmdirSync(dir);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        // The kernel frees a cgroup shortly after its last process is reaped.
        if (code !== 'EBUSY' || attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
  for (const parent of [join(path, '..'), join(path, '..', '..')]) {
    try {
      rmdirSync(parent);
    } catch {
      // Another node or lab still uses it.
    }
  }
}
