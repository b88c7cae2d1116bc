/**
 * The ready designs New project offers, bundled from `assets/templates/`. Each matches a seed document so a
 * user starts from a known good design.
 */
import bookLab from '../../assets/templates/book-lab.quorum?raw';
import fieldReport from '../../assets/templates/field-report.quorum?raw';
import haReference from '../../assets/templates/ha-guide-reference.quorum?raw';
import dvr from '../../assets/templates/dvr.quorum?raw';
import bookComplete from '../../assets/templates/book-complete.quorum?raw';
import legacyDrbd from '../../assets/templates/legacy-drbd.quorum?raw';
import { describeFileError, parseProjectFile } from '../../shared/design/project-file';
import type { Design } from '../../shared/design/schema';

export interface Template {
  id: string;
  title: string;
  description: string;
  source: string;
  text: string;
}

export const TEMPLATES: Template[] = [
  {
    id: 'book-lab',
    title: 'The book’s lab',
    description:
      'Two controllers behind a load-balancer VIP; HAProxy + keepalived, Galera, RabbitMQ; plus a garbd node so two-node Galera keeps quorum.',
    source: 'Learning OpenStack High Availability, ch. 2–3',
    text: bookLab,
  },
  {
    id: 'field-report',
    title: 'The field report',
    description:
      'controller01/controller02 and a garbd tiebreaker; Galera and RabbitMQ under Pacemaker (two_node), memcached local; NFS stands in for the report’s external Ceph.',
    source: 'Field report: OpenStack upgrade to high availability, part III',
    text: fieldReport,
  },
  {
    id: 'ha-guide-reference',
    title: 'The HA guide’s reference',
    description: '3 controllers, 2 network nodes with L3 HA, 3 Ceph nodes, 3 computes.',
    source: 'OpenStack HA Guide',
    text: haReference,
  },
  {
    id: 'dvr',
    title: 'DVR',
    description: 'As the reference, with DVR: SNAT on network nodes and computes on the external network.',
    source: 'Learning OpenStack High Availability, ch. 6 Distributed Networking',
    text: dvr,
  },
  {
    id: 'book-complete',
    title: 'Every system in the book',
    description:
      'The reference plus Swift (3 storage nodes with proxies), GlusterFS with quorum and geo-replication, Octavia, Ceilometer → Graphite, Nagios and central logs.',
    source: 'Learning OpenStack High Availability, ch. 5, 7, 8 and 10',
    text: bookComplete,
  },
  {
    id: 'legacy-drbd',
    title: 'Legacy active/passive on DRBD',
    description:
      'LEGACY, flagged: MySQL and RabbitMQ active/passive on DRBD under Pacemaker, as the book’s chapter 4 and the 2015 guide describe. The current guide deprecates it (split-brain risk); kept for users who still run it.',
    source: 'Learning OpenStack High Availability, ch. 4; HA guide (2015)',
    text: legacyDrbd,
  },
];

/** The template's design; throws with the file's problems if a template is broken (a build error). */
export function loadTemplate(template: Template): Design {
  const parsed = parseProjectFile(template.text);
  if (!parsed.ok) throw new Error(`Template ${template.id}: ${describeFileError(parsed.error)}`);
  return parsed.design;
}
