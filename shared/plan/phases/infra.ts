/** The VIPs with their load balancing (keepalived + HAProxy, or Pacemaker). */
import { API_PORTS, renderHaproxyConfig } from '../../render/haproxy';
import {
  HAPROXY_CHECK_PATH,
  renderHaproxyCheckScript,
  renderKeepalivedConfig,
} from '../../render/keepalived';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { effectsGuard } from '../guards';
import { pacemakerConfiguredGuard, pacemakerSubset } from './cluster';

/** Installs packages unless all are present already. */
export function install(b: PlanBuilder, packages: readonly string[]): ReturnType<typeof run> {
  const d = b.ctx.distro;
  return run(`${d.isInstalled} ${packages.join(' ')} >/dev/null 2>&1 || ${d.install} ${packages.join(' ')}`);
}

export function addLoadBalancingPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const d = ctx.distro;
  const lbs = ctx.loadBalancers;
  if (lbs.nodes.length === 0 || ctx.design.vips.length === 0) return;
  const pacemaker = ctx.design.options.loadBalancer === 'pacemaker-haproxy';
  b.enter('load-balancing');
  const haproxy = [
    install(b, pacemaker ? d.haproxy.packages : [...d.haproxy.packages, ...d.keepalived.packages]),
    write('/etc/haproxy/haproxy.cfg', renderHaproxyConfig(ctx)),
    run('haproxy -c -q -f /etc/haproxy/haproxy.cfg'),
    ...(pacemaker
      ? [
          run(`systemctl disable ${d.haproxy.service}`),
          run(`systemctl reload-or-restart ${d.haproxy.service}`),
        ]
      : [...restart([d.haproxy.service]), run(`systemctl enable ${d.haproxy.service}`)]),
  ];
  b.add({
    id: 'lb.haproxy',
    title: 'HAProxy configuration',
    why: 'HAProxy spreads API calls over the controllers and sends all database writes to one Galera node (the others are backups).',
    guide: GUIDE.ha('HAProxy'),
    selector: b.selector('role', lbs.role),
    nodes: lbs.nodes,
    actions: haproxy,
    // Under Pacemaker the unit is disabled on purpose and Pacemaker decides where it runs: the files,
    // the package and the unit left disabled.
    guard: pacemaker
      ? effectsGuard(haproxy.slice(0, 2), [`! systemctl is-enabled -q ${d.haproxy.service}`])
      : effectsGuard(haproxy),
  });
  if (pacemaker) {
    const balanced = (id: string) =>
      id === 'haproxy' || (id.startsWith('vip-') && ctx.design.vips.some((v) => `vip-${v.id}` === id));
    b.add({
      id: 'lb.pacemaker-vips',
      title: 'VIPs as Pacemaker IPaddr2 resources with a cloned HAProxy',
      why: 'Pacemaker places each VIP on a node where HAProxy runs and moves it when that node fails.',
      guide: GUIDE.ha('Configure the VIP'),
      selector: b.selector('first', ctx.pacemaker.role),
      nodes: ctx.pacemaker.nodes.slice(0, 1),
      mode: 'one',
      actions: pacemakerSubset(b, balanced, false).map((c) => run(c)),
      guard: pacemakerConfiguredGuard(b, balanced, false),
    });
  } else {
    b.perNode('lb.keepalived', lbs.nodes, (node) => {
      const actions = [
        write(HAPROXY_CHECK_PATH, renderHaproxyCheckScript(), '0755'),
        write('/etc/keepalived/keepalived.conf', renderKeepalivedConfig(ctx, node), '0640'),
        run('keepalived --config-test -f /etc/keepalived/keepalived.conf'),
        ...restart([d.keepalived.service]),
        run(`systemctl enable ${d.keepalived.service}`),
      ];
      return {
        title: `keepalived on ${node.hostname}`,
        why: 'VRRP moves each VIP to a surviving load balancer; unicast peers, one per line, and nopreempt avoid split brain and a second outage.',
        guide: GUIDE.book('The installation of HAProxy and keepalived'),
        actions,
        // A restart on a run again would move the VIP: skipped while the same configuration runs.
        guard: effectsGuard(actions),
      };
    });
  }
  const vip = ctx.design.vips[0]!;
  // HAProxy accepts on its bind even while backends are still down: a connection proves VIP + HAProxy.
  const service = vip.services.find((s) => s !== 'messaging' && s !== 'database') ?? null;
  const port =
    vip.services.includes('database') && ctx.design.options.database !== 'drbd-mysql'
      ? 3306
      : service
        ? API_PORTS[service][0]!.port
        : 8404;
  b.add({
    id: 'lb.vip-reachable',
    title: `VIP ${vip.address} answers`,
    why: 'Checked with a TCP connection through the VIP (LAB-NOTES: ping is not a usable signal).',
    guide: null,
    selector: b.selector('first', lbs.role),
    nodes: lbs.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      check(
        `bash -c 'exec 3<>/dev/tcp/${vip.address}/${port}' && echo open`,
        { kind: 'stdout-equals', text: 'open' },
        `a listener answers on ${vip.address}:${port}`,
        { attempts: 30, intervalMs: 1000 },
      ),
    ],
  });
}
