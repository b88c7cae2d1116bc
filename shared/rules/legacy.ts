/** Legacy choices: allowed, but warned with the reason. */
import { REF } from './references';
import type { Rule } from './types';

const drbdMysql: Rule = {
  id: 'legacy.drbd-mysql',
  family: 'legacy',
  severity: 'warning',
  why: 'MySQL on DRBD is active/passive: one node serves while DRBD mirrors its block device to the other, and Pacemaker moves it on failure. A failover means a cold start and crash recovery, and without reliable fencing both sides can become primary. The HA guide deprecated it because of those split-brain issues; Galera is active/active.',
  reference: REF.drbdMysql,
  check: (ctx) =>
    ctx.design.options.database === 'drbd-mysql'
      ? [{ message: 'MySQL on DRBD is deprecated (split-brain risk, cold failover); prefer Galera.' }]
      : [],
};

const singleL3: Rule = {
  id: 'legacy.single-l3-agent',
  family: 'legacy',
  severity: 'warning',
  why: "Legacy routing places each router on one L3 agent. When that agent's host dies its routers (and floating IPs) are down until they are rescheduled by hand or by a script. L3 HA or DVR keep routers available; the HA guide focuses on them from Kilo on.",
  reference: REF.singleL3,
  check: (ctx) =>
    ctx.design.options.neutron === 'ovs-legacy'
      ? [
          {
            message:
              'Legacy single-agent routers: a network node failure takes its routers down; prefer L3 HA or DVR.',
          },
        ]
      : [],
};

/** Legacy family. */
export const legacyRules: Rule[] = [drbdMysql, singleL3];
