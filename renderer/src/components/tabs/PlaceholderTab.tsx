import type { TabId } from '../../store/ui-slice';

/** What each tab will hold. Said plainly instead of showing made-up content. */
const COMING: Record<Exclude<TabId, 'design'>, { title: string; items: string[] }> = {
  options: {
    title: 'The HA options will be chosen here',
    items: [
      'Database: Galera behind HAProxy (one writer, the others backups), Galera under Pacemaker with clustercheck, or legacy MySQL on DRBD.',
      'Arbitrator: where garbd runs, never on a Galera data node.',
      'Messaging: RabbitMQ quorum queues, classic mirrored queues, or RabbitMQ under Pacemaker.',
      'VIPs and load balancing, Neutron L3 HA or DVR or OVN, storage per use (Ceph, GlusterFS, LVM, NFS), memcached and fencing.',
      'Each choice with its why and the guide section it comes from; incompatible combinations disabled with the reason.',
    ],
  },
  validate: {
    title: 'What the design survives will be shown here',
    items: [
      'HA rules with a why for each finding: quorum sizes, arbitrator placement, addresses, roles, DVR, storage, single points of failure.',
      'Failure what-ifs: take nodes down and see which services keep quorum, degrade or stop, and where each VIP lands.',
      'An availability estimate from MTTF/MTTR inputs, labelled as a model.',
    ],
  },
  plan: {
    title: 'The deployment plan will be shown here',
    items: [
      'The design compiled into the HA guide’s ordered steps, from preflight to verification.',
      'Every command and every configuration file (galera.cnf, haproxy.cfg, keepalived.conf, corosync.conf, …) per node.',
      'A runbook to hand over, with secrets masked.',
    ],
  },
  deploy: {
    title: 'Guided installs will run here',
    items: [
      'Preflight of every node over SSH: reachability, host key, sudo, operating system.',
      'The plan’s steps run on the nodes with every node’s output streamed into a terminal.',
      'Stop, retry, skip and resume, with a journal that shows where every node stands.',
    ],
  },
  guide: {
    title: 'The HA guide will be readable here',
    items: [
      'Each plan step with the why behind it and its section in the OpenStack HA guide.',
      'For training labs: walk through the guide step by step on real nodes.',
    ],
  },
};

export function PlaceholderTab({ tab }: { tab: TabId }) {
  if (tab === 'design') return null;
  const content = COMING[tab];
  return (
    <section className="placeholder" data-testid={`placeholder-${tab}`}>
      <h2>{content.title}</h2>
      <p className="muted">Not built yet. This tab will show:</p>
      <ul>
        {content.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
