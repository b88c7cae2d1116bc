/**
 * memcached, as one module: which nodes run it and what services list is the topology's
 * (`facts.memcached`); its settings and the server list: render.ts; its step: plan.ts; its checks: checks.ts.
 */
import type { ServiceModule } from '../types';
import { memcachedChecks } from './checks';
import { addMemcachedPhase } from './plan';

export const memcachedModule: ServiceModule = {
  id: 'memcached',
  title: 'Memcached',
  openstack: false,
  options: ['memcached'],
  plan: addMemcachedPhase,
  checks: memcachedChecks,
};
