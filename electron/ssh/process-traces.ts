import { shellQuote } from '../../shared/shell/quote';
/**
 * Trace files that let a later session find what an earlier one left running on a node.
 *
 * Before a traced command starts, the remote login shell (a session leader: its pid is the process group
 * of everything the command starts) writes one line to
 *   ~<login user>/.cache/quorum/runs/<run>/<node>__<token>
 * holding its pid, its start time (field 22 of /proc/<pid>/stat, in clock ticks since boot) and the boot
 * id. If Quorum dies, the ssh session goes with it but sshd does not kill a command that has no PTY: it
 * keeps running. On resume the reaper kills every traced group that is still alive and removes the files.
 * Start time and boot id make sure a recycled pid is never taken for ours; while any member of a group
 * lives the kernel does not hand its number out again, so a group whose leader exited is still ours.
 *
 * Only shell built-ins run in the writer (plus one `mkdir` per run and node), so tracing costs a step no
 * extra process. Files of commands that ended normally are removed by the next reap or the run's cleanup.
 */

/** Which run and node a command belongs to (names are reduced to file-name-safe characters). */
export interface CommandTrace {
  run: string;
  node: string;
}

/** Characters allowed in trace path parts; anything else becomes `_`. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

/** The run's trace folder, as the login user's shell sees it (`$HOME`) or for anyone (`~user`). */
function traceDir(run: string, user?: string): string {
  const home = user && /^[a-z_][a-z0-9_.-]*$/i.test(user) ? `~${user}` : '"$HOME"';
  return `${home}/.cache/quorum/runs/${shellQuote(safe(run))}`;
}

/**
 * sh code that reads field 22 (start time) of the stat line in `$s`: the command name in parentheses may
 * contain spaces, so strip through the last `) `, then 19 fields.
 */
const START_TIME = 's=${s##*) }; i=0; while [ $i -lt 19 ]; do s=${s#* }; i=$((i+1)); done; s=${s%% *}';

/**
 * The writer, run by the shell that leads the command's process group, before anything else; ends with
 * `;`. Failure never stops a step. `home` is where the trace folder goes: the login user's `$HOME` by
 * default; a step shell running as root (sudo) passes `~root` (the reaper looks in both).
 */
export function traceWriter(trace: CommandTrace, token: string, home?: 'root'): string {
  const file = `"$d"/${shellQuote(`${safe(trace.node)}__${token}`)}`;
  return (
    `{ d=${traceDir(trace.run, home)}; [ -d "$d" ] || (umask 077; mkdir -p "$d"); ` +
    `read -r s < /proc/$$/stat; ${START_TIME}; read -r b < /proc/sys/kernel/random/boot_id; ` +
    `printf '%s %s %s\\n' $$ "$s" "$b" > ${file}; } 2>/dev/null;`
  );
}

/** The folders a run's traces may be in: the login user's, and root's when the user is not root. */
function traceDirs(run: string, user: string): string {
  const dirs = [traceDir(run, user)];
  if (user && user !== 'root') dirs.push(traceDir(run, 'root'));
  return dirs.join(' ');
}

/** Prefix of the reaper's report lines: `REAPED_LINE <pgid> <pid> <command line>`. */
const REAPED_LINE = 'quorum-reaped';

/**
 * A POSIX sh script that kills every still-running traced process group of `run` on `node` (TERM, a
 * second for them to exit, then KILL), reports each process it kills, and removes the trace files.
 * Run it as root (sudo) when the login user is not: the traced commands may have run under sudo.
 */
export function reaperScript(run: string, node: string, user: string): string {
  const pattern = `"$d"/${shellQuote(`${safe(node)}__`)}*`;
  return [
    'groups=',
    'read -r boot < /proc/sys/kernel/random/boot_id',
    `for d in ${traceDirs(run, user)}; do for f in ${pattern}; do`,
    '  [ -f "$f" ] || continue',
    '  pg=; st=; bt=; read -r pg st bt < "$f"; rm -f "$f"',
    '  case "$pg" in ""|*[!0-9]*) continue;; esac',
    '  [ "$bt" = "$boot" ] || continue',
    `  if [ -r /proc/$pg/stat ]; then read -r s < /proc/$pg/stat; ${START_TIME}; [ "$s" = "$st" ] || continue`,
    '  else kill -0 -$pg 2>/dev/null || continue; fi',
    '  groups="$groups $pg"',
    `  ps -eo pgid=,pid=,args= 2>/dev/null | while read -r g p a; do [ "$g" = "$pg" ] && echo "${REAPED_LINE} $pg $p $a"; done`,
    'done; done',
    '[ -z "$groups" ] && exit 0',
    'for pg in $groups; do kill -TERM -$pg 2>/dev/null; done; sleep 1',
    'for pg in $groups; do kill -KILL -$pg 2>/dev/null; done; true',
  ].join('\n');
}

/** Removes a run's trace files for a node (the run finished: nothing is left to reap). */
export function traceCleanupScript(run: string, node: string, user: string): string {
  const files = `"$d"/${shellQuote(`${safe(node)}__`)}*`;
  return `for d in ${traceDirs(run, user)}; do rm -f ${files}; rmdir "$d" 2>/dev/null; done; true`;
}

/** One process the reaper killed. */
export interface ReapedProcess {
  pgid: number;
  pid: number;
  command: string;
}

/** Reads the reaper's report from its stdout. */
export function parseReaped(stdout: string): ReapedProcess[] {
  const out: ReapedProcess[] = [];
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^${REAPED_LINE} (\\d+) (\\d+) ?(.*)$`).exec(line);
    if (match) out.push({ pgid: Number(match[1]), pid: Number(match[2]), command: match[3] ?? '' });
  }
  return out;
}
