/**
 * Checkpoints: at the end of a chapter, the verification checks (shared/verify) that show the chapter's
 * work holds on the nodes: Galera size and sync after the database chapter, exactly one VIP holder after
 * load balancing, each API through its VIP after its service's chapter, everything after verification.
 */
import type { Phase } from '../plan/types';
import type { VerifyCheck } from '../verify/types';

/** Which chapter each verification group closes (`OpenStack APIs` go by service, below). */
const GROUP_CHAPTER: Record<string, Phase> = {
  Pacemaker: 'pacemaker',
  Galera: 'database',
  RabbitMQ: 'messaging',
  memcached: 'memcached',
  HAProxy: 'load-balancing',
  VIP: 'load-balancing',
};

/** API checks whose service's chapter has another name. */
const API_CHAPTER: Record<string, Phase> = { placement: 'nova' };

/** The chapter a check belongs to, or null when no chapter but the final verification claims it. */
export function checkpointChapter(check: VerifyCheck): Phase | null {
  const group = GROUP_CHAPTER[check.group];
  if (group) return group;
  const api = /^api\.([a-z-]+)$/.exec(check.id)?.[1];
  if (!api) return null;
  return API_CHAPTER[api] ?? (api as Phase);
}

/** The checks that close a chapter: its own, or every check for the verification chapter. */
export function checkpointChecks(chapter: string, checks: readonly VerifyCheck[]): VerifyCheck[] {
  if (chapter === 'verify') return [...checks];
  return checks.filter((c) => checkpointChapter(c) === chapter);
}

/** The progress id that records a chapter's passed checkpoint. */
export function checkpointId(chapter: string): string {
  return `checkpoint:${chapter}`;
}
