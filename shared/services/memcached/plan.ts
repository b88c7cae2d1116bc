/** memcached's plan step: package, settings and a restart on every memcached node. */
import { GUIDE, type PlanBuilder, restart, run, write } from '../../plan/builder';
import { effectsGuard } from '../../plan/guards';
import { install } from '../../plan/phases/infra';
import { renderMemcachedConfig } from './render';

export function addMemcachedPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const d = ctx.distro;
  b.enter('memcached');
  b.perNode('memcached', ctx.facts.memcached.nodes, (node) => {
    const actions = [
      install(b, d.memcached.packages),
      write(d.memcached.configPath, renderMemcachedConfig(ctx, node)),
      ...restart([d.memcached.service]),
      run(`systemctl enable ${d.memcached.service}`),
    ];
    return {
      title: `memcached on ${node.hostname}`,
      why:
        ctx.facts.memcached.mode === 'local'
          ? 'Each service uses its local memcached (field report): a dead peer never stalls token validation.'
          : 'Services list every memcached; Keystone tokens and Horizon sessions are cached across controllers.',
      guide: GUIDE.ha('Memcached'),
      actions,
      guard: effectsGuard(actions),
    };
  });
}
