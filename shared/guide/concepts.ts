/**
 * The concepts chapter: the three ideas every later chapter leans on (stateless and stateful services,
 * active/passive and active/active, quorum), in our own words from the seed documents, each followed by
 * what it means for the open design.
 */
import type { Design } from '../design/schema';
import { resolveTopology, type Topology } from '../topology';
import type { ConceptSection, GuideChapter } from './types';

const HA_GUIDE = 'OpenStack High Availability Guide';
const HA_GUIDE_TOC = 'OpenStack HA Guide, proposed table of contents (wiki, 2015)';
const BOOK = 'Learning OpenStack High Availability (Packt, 2015)';
const FIELD = 'OpenStack: Upgrade to high availability (field report)';

function hosts(nodes: readonly { hostname: string }[]): string {
  return nodes.length === 0 ? 'none' : nodes.map((n) => n.hostname).join(', ');
}

/** Votes needed for a majority of `voters`, and how many of them may fail while it holds. */
export function majorityOf(voters: number): { quorum: number; tolerates: number } {
  const quorum = Math.floor(voters / 2) + 1;
  return { quorum, tolerates: Math.max(0, voters - quorum) };
}

function statelessSection(ctx: Topology): ConceptSection {
  const api = ctx.vipFor('keystone');
  const facts = [
    `Stateless here: the OpenStack API services and schedulers on ${hosts(ctx.controllers.nodes)}${
      api ? `, reached through the VIP ${api.address}` : ''
    }. Any of them can answer any request.`,
    `Stateful here: the database on ${hosts(ctx.database.nodes)} and the message queues on ${hosts(
      ctx.messaging.nodes,
    )}. Each holds data the others must agree on.`,
  ];
  return {
    kind: 'concept',
    id: 'concepts.stateless-stateful',
    title: 'Stateless and stateful services',
    paragraphs: [
      'A stateless service keeps nothing between requests that another copy would need: an API call carries everything it needs, and the answer comes from the database. Make it highly available by running several copies and putting a load balancer in front; a failed copy is simply left out.',
      'A stateful service holds the data: the database rows, the queued messages. Extra copies do not help unless every copy has the same data, so a stateful service needs replication, and the copies must agree on who is right when they cannot talk to each other. This is where most of the work of an HA cloud goes, and why the database and the message queue come before any OpenStack service in this guide.',
    ],
    inThisDesign: facts,
    sources: [
      { source: HA_GUIDE_TOC, section: 'I. Introduction: 1. Stateless vs. Stateful services' },
      { source: HA_GUIDE, section: 'Configuring the stateful services' },
      { source: BOOK, section: 'Ch. 4 Clustering, Fencing, and Active/Passive Services (introduction)' },
    ],
  };
}

function activeSection(design: Design, ctx: Topology): ConceptSection {
  const o = design.options;
  const facts: string[] = [];
  if (o.loadBalancer === 'haproxy-keepalived') {
    facts.push(
      `Active/active: HAProxy runs on every load balancer (${hosts(ctx.loadBalancers.nodes)}).`,
      'Active/passive: each VIP is held by one node at a time; keepalived (VRRP) moves it when that node fails.',
    );
  } else {
    facts.push(
      `Active/passive: Pacemaker holds each VIP on one node of ${hosts(ctx.pacemaker.nodes)} and moves it on failure; HAProxy runs on each of them.`,
    );
  }
  if (o.database === 'drbd-mysql') {
    facts.push(
      'Active/passive (legacy): MySQL runs on one node over a DRBD-mirrored disk; the HA guide deprecates this for its split-brain risk.',
    );
  } else {
    facts.push(
      `Active/active replication: every Galera node (${hosts(ctx.database.nodes)}) has all the data; HAProxy still sends writes to one node at a time to avoid write conflicts.`,
    );
  }
  return {
    kind: 'concept',
    id: 'concepts.active-passive-active',
    title: 'Active/passive and active/active',
    paragraphs: [
      'Active/passive: one copy serves and a standby waits. When the active copy fails, a cluster manager (Pacemaker with Corosync, or keepalived for an address) detects it and brings the standby online. Simple to reason about, but there is a failover pause and the standby does no useful work.',
      'Active/active: every copy serves at the same time behind a load balancer. A failure only removes capacity; nothing has to be started. Stateless services suit it naturally; a stateful service needs synchronous replication (Galera, quorum queues) to join in.',
      'A design mixes both: a virtual IP is always active/passive (one node answers ARP for it), while the services behind it are active/active.',
    ],
    inThisDesign: facts,
    sources: [
      { source: HA_GUIDE_TOC, section: 'I. Introduction: 2. Active/Passive, 3. Active/Active' },
      { source: BOOK, section: 'Ch. 3 Load Balancing for Active/Active Services' },
      { source: BOOK, section: 'Ch. 4 Clustering, Fencing, and Active/Passive Services' },
    ],
  };
}

function quorumSection(design: Design, ctx: Topology): ConceptSection {
  const facts: string[] = [];
  if (design.options.database !== 'drbd-mysql') {
    const voters = ctx.facts.galera.voters;
    const { quorum, tolerates } = majorityOf(voters.length);
    facts.push(
      `Galera: ${voters.length} votes (${hosts(voters)}${ctx.arbitrator ? `; ${ctx.arbitrator.hostname} runs garbd, a vote without data` : ''}); quorum is ${quorum}, so the database survives ${tolerates} node${tolerates === 1 ? '' : 's'} failing.`,
    );
  }
  if (ctx.usesPacemaker) {
    const members = ctx.pacemaker.nodes;
    const { quorum, tolerates } = majorityOf(members.length);
    facts.push(
      members.length === 2
        ? `Pacemaker: 2 nodes (${hosts(members)}). A majority of two is both, so Corosync’s two_node mode lets the survivor carry on, and fencing must settle which one is alive.`
        : `Pacemaker: ${members.length} nodes (${hosts(members)}); quorum is ${quorum}, so the cluster survives ${tolerates} failing.`,
    );
  }
  if (design.options.messaging.mode === 'quorum-queues') {
    const { quorum, tolerates } = majorityOf(ctx.messaging.nodes.length);
    facts.push(
      `RabbitMQ quorum queues: ${ctx.messaging.nodes.length} brokers; a queue needs ${quorum} of them and survives ${tolerates} failing.`,
    );
  }
  return {
    kind: 'concept',
    id: 'concepts.quorum',
    title: 'Quorum',
    paragraphs: [
      'When nodes of a cluster lose sight of each other, each side must decide whether it may go on. The rule is a majority: the side that still sees more than half of the votes keeps working, the other stops. Two halves can never both have a majority, so they can never both accept writes and end up with different data (a split brain).',
      'That is why clusters have an odd number of members, three or more: with three, any one may fail and two still make a majority. With two, losing one leaves exactly half, which is not a majority, and the survivor must stop. A third vote without data, such as Galera’s arbitrator garbd on a small extra machine, lets two data nodes keep quorum cheaply.',
      'Fencing goes with quorum: before the majority takes over a failed node’s resources, it powers that node off, so a node that only looked dead cannot keep writing.',
    ],
    inThisDesign: facts,
    sources: [
      {
        source: HA_GUIDE_TOC,
        section: 'HA Intro and Concepts: 3. Quorums; an odd number of nodes, three or more',
      },
      { source: FIELD, section: 'Galera with a third tiebreaker node running garbd' },
      {
        source: BOOK,
        section: 'Ch. 8 Failure Scenario and Disaster Recovery: network partition split-brain',
      },
    ],
  };
}

/** The concepts chapter for a design (always the first chapter). */
export function conceptsChapter(design: Design): GuideChapter {
  const ctx = resolveTopology(design);
  return {
    id: 'concepts',
    title: 'Concepts',
    phase: null,
    intro:
      'Three ideas decide how every later chapter builds its part of the cloud. Read them first; each ends with what it means for this design.',
    labLimits: [],
    sections: [statelessSection(ctx), activeSection(design, ctx), quorumSection(design, ctx)],
  };
}
