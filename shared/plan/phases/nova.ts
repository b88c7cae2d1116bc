/** The compute controller services: Placement and Nova's API, scheduler and conductor on every controller. */
import { renderNovaControllerConfig, renderPlacementConfig } from '../../render/openstack';
import { GUIDE, type PlanBuilder, restart, run, write } from '../builder';
import { effectsGuard, startedAfter } from '../guards';
import {
  apacheBind,
  apacheBoundGuard,
  installPackages,
  registerService,
  registeredGuard,
  su,
  uwsgiBind,
  uwsgiBoundGuard,
} from './services';

const PLACEMENT_CONF = '/etc/placement/placement.conf';
const NOVA_CONF = '/etc/nova/nova.conf';

/** Placement and the Nova controller services: packages, configuration, databases and cells, start. */
export function addNovaPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (c.nodes.length === 0) return;
  const d = ctx.distro;
  b.enter('nova');
  // Placement is its own service from Stein on; older releases (refused by the release rule on every
  // distro Quorum can source) had it inside nova-api or not at all.
  const placement = ctx.release.placement === 'service';
  b.perNode('placement.install', placement ? c.nodes : [], (node) => {
    const actions = [
      run(installPackages(ctx, d.openstack.placement)),
      write(PLACEMENT_CONF, renderPlacementConfig(ctx), '0640', 'root', 'placement'),
      ...(d.apacheSites.placement ? [run(apacheBind(ctx, node, d.apacheSites.placement, 8778))] : []),
      run(uwsgiBind(ctx, node, '/etc/placement', [8778])),
    ];
    return {
      title: `Placement on ${node.hostname}`,
      why: 'The scheduler asks Placement where instances fit; stateless behind the VIP.',
      guide: GUIDE.install('Placement service'),
      actions,
      guard: effectsGuard(actions, [
        ...(d.apacheSites.placement ? [apacheBoundGuard(ctx, node, d.apacheSites.placement, 8778)] : []),
        uwsgiBoundGuard(ctx, node, '/etc/placement', [8778]),
      ]),
    };
  });
  b.perNode('nova.install', c.nodes, (node) => {
    const actions = [
      run(installPackages(ctx, d.openstack.novaController)),
      write(NOVA_CONF, renderNovaControllerConfig(ctx, node), '0640', 'root', 'nova'),
      run(uwsgiBind(ctx, node, '/etc/nova', [8774, 8775])),
    ];
    return {
      title: `Nova controller services on ${node.hostname}`,
      why: 'API, scheduler and conductor run active/active on every controller; they coordinate through the database and RabbitMQ.',
      guide: GUIDE.book('Installing and configuring the Nova packages'),
      actions,
      guard: effectsGuard(actions, [uwsgiBoundGuard(ctx, node, '/etc/nova', [8774, 8775])]),
    };
  });
  const host = (service: 'placement' | 'nova') => ctx.endpointHost(service);
  b.add({
    id: 'nova.register',
    title: 'Placement and Nova databases, cells, users and endpoints',
    why: 'Once, on one controller: schemas, cell0 and cell1, the service users and the endpoints through the VIP.',
    guide: GUIDE.book('Creating the Nova database'),
    selector: b.selector('first', c.role),
    nodes: c.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      ...(placement ? [run(su('placement', 'placement-manage db sync'))] : []),
      run(su('nova', 'nova-manage api_db sync')),
      run(
        `${su('nova', 'nova-manage cell_v2 list_cells')} | grep -q ' cell0 ' || ${su('nova', 'nova-manage cell_v2 map_cell0')}`,
      ),
      run(
        `${su('nova', 'nova-manage cell_v2 list_cells')} | grep -q ' cell1 ' || ${su('nova', 'nova-manage cell_v2 create_cell --name=cell1 --verbose')}`,
      ),
      run(su('nova', 'nova-manage db sync')),
      ...(placement
        ? registerService(ctx, 'placement', 'placement', 'Placement API', `http://${host('placement')}:8778`)
        : []
      ).map((x) => run(x)),
      ...registerService(ctx, 'nova', 'compute', 'OpenStack Compute', `http://${host('nova')}:8774/v2.1`).map(
        (x) => run(x),
      ),
    ],
    guard: placement
      ? `${registeredGuard('placement', 'placement')} && ${registeredGuard('nova', 'compute')}`
      : registeredGuard('nova', 'compute'),
  });
  const novaStart = [
    ...restart([d.apache.service, ...d.services.novaController]),
    run(`systemctl enable ${d.services.novaController.join(' ')}`),
  ];
  b.add({
    id: 'nova.start',
    title: 'Start Placement and the Nova controller services',
    why: 'Every controller runs them; the VIP spreads API calls.',
    guide: GUIDE.book('Reloading the HAProxy services'),
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: novaStart,
    guard: effectsGuard(novaStart, [
      startedAfter(d.apache.service, [PLACEMENT_CONF]),
      ...d.services.novaController.map((u) => startedAfter(u, [NOVA_CONF])),
    ]),
  });
}
