/** Arbitrator (garbd) rules: where the Galera tiebreaker may run. */
import type { DesignNode } from '../design/schema';
import { REF } from './references';
import type { Rule, RuleContext } from './types';

function galeraArbitrator(ctx: RuleContext): DesignNode | undefined {
  return ctx.design.options.database === 'drbd-mysql'
    ? undefined
    : (ctx.topology.facts.galera.chosenArbitrator ?? undefined);
}

const onDataNode: Rule = {
  id: 'arbitrator.on-data-node',
  family: 'arbitrator',
  severity: 'error',
  why: 'garbd adds a vote so that two data nodes keep a majority when one fails. On a data node the two votes fail together: losing that machine takes away two of three votes and the survivor stops. The tiebreaker must be a separate machine.',
  reference: REF.tiebreaker,
  check: (ctx) => {
    const garbd = galeraArbitrator(ctx);
    if (!garbd) return [];
    const data = ctx.topology.facts.galera.dataNodes;
    if (!data.some((d) => d.id === garbd.id) && !garbd.roles.includes('database')) return [];
    return [
      {
        nodes: [garbd.id],
        message: `garbd runs on ${garbd.hostname}, which is also a Galera data node; move it to a third machine.`,
      },
    ];
  },
};

function machineKeys(node: DesignNode): string[] {
  const keys = node.nics.flatMap((nic) => (nic.address ? [nic.address] : []));
  if (node.ssh) keys.push(`${node.ssh.host}:${node.ssh.port}`, node.ssh.host);
  return keys;
}

const sameMachine: Rule = {
  id: 'arbitrator.same-machine',
  family: 'arbitrator',
  severity: 'error',
  why: 'A tiebreaker only helps if it fails independently of the data nodes. A garbd container or VM reached through the same host or address as a data node dies with it, which puts two of three votes on one machine.',
  reference: REF.tiebreaker,
  check: (ctx) => {
    const garbd = galeraArbitrator(ctx);
    if (!garbd) return [];
    const mine = new Set(machineKeys(garbd));
    const shared = ctx.topology.facts.galera.dataNodes.filter(
      (d) => d.id !== garbd.id && machineKeys(d).some((k) => mine.has(k)),
    );
    return shared.map((d) => ({
      nodes: [garbd.id, d.id],
      message: `garbd on ${garbd.hostname} shares an address or SSH host with data node ${d.hostname}: they are one machine. Put garbd on different hardware.`,
    }));
  },
};

const network: Rule = {
  id: 'arbitrator.network',
  family: 'arbitrator',
  severity: 'error',
  why: 'garbd joins the Galera group communication like a data node, so it must reach every data node on the network Galera replicates over (the management network here). A tiebreaker that cannot see the others votes for nobody.',
  reference: REF.galeraGarbd,
  check: (ctx) => {
    const garbd = galeraArbitrator(ctx);
    if (!garbd) return [];
    const data = ctx.topology.facts.galera.dataNodes.filter((d) => d.id !== garbd.id);
    if (data.length === 0) return [];
    const shared = (a: DesignNode, b: DesignNode) =>
      a.nics.some((x) => b.nics.some((y) => y.network === x.network));
    const unreachable = data.filter((d) => !shared(garbd, d));
    if (unreachable.length === 0) return [];
    return [
      {
        nodes: [garbd.id, ...unreachable.map((d) => d.id)],
        message: `garbd on ${garbd.hostname} shares no network with ${unreachable.map((d) => d.hostname).join(', ')}; give it a NIC on the database (management) network.`,
      },
    ];
  },
};

const traffic: Rule = {
  id: 'arbitrator.replication-traffic',
  family: 'arbitrator',
  severity: 'info',
  why: "garbd stores nothing, but as a group member it receives every replicated write set. Size its network link like a data node's; a slow arbitrator link slows commits through flow control.",
  reference: REF.galeraGarbd,
  check: (ctx) => {
    const garbd = galeraArbitrator(ctx);
    if (!garbd) return [];
    return [
      {
        nodes: [garbd.id],
        message: `garbd on ${garbd.hostname} receives the full Galera replication traffic; give it a link as fast as the data nodes'.`,
      },
    ];
  },
};

const unused: Rule = {
  id: 'arbitrator.unused',
  family: 'arbitrator',
  severity: 'warning',
  why: 'A node drawn as an arbitrator only helps when the database option names it as the Galera tiebreaker; otherwise it is a machine that votes for nothing.',
  reference: REF.galeraGarbd,
  check: (ctx) => {
    const garbd = galeraArbitrator(ctx);
    return ctx
      .byRole('arbitrator')
      .filter((n) => n.id !== garbd?.id)
      .map((n) => ({
        nodes: [n.id],
        message: `${n.hostname} has the arbitrator role but is not the Galera arbitrator (options › arbitrator).`,
      }));
  },
};

/** Arbitrator family. */
export const arbitratorRules: Rule[] = [onDataNode, sameMachine, network, traffic, unused];
