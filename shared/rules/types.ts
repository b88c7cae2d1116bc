/**
 * What a rule reports and how a rule is written. Rules are small pure functions over a prepared
 * {@link RuleContext}; the engine in `validate.ts` runs them all.
 */
import type { Design, DesignNetwork, DesignNode, Role } from '../design/schema';
import type { ClusterService, Topology } from '../topology';
import type { Reference } from './references';

/** How bad a finding is: errors block a deployment, warnings are advice, info explains a choice. */
export type Severity = 'error' | 'warning' | 'info';

/** The rule families, as the Validate tab groups them. */
export type RuleFamily =
  'quorum' | 'arbitrator' | 'addresses' | 'roles' | 'dvr' | 'storage' | 'spof' | 'legacy' | 'zones';

/** One thing the rules have to say about a design. */
export interface Finding {
  /** Stable id of the rule (`quorum.galera`), safe to match on in CI and tests. */
  ruleId: string;
  family: RuleFamily;
  severity: Severity;
  /** Ids of the nodes, networks and VIPs the finding concerns (for highlighting). */
  nodes: string[];
  networks: string[];
  vips: string[];
  /** One line with the concrete values: "Galera has 2 voters: quorum = floor(2/2)+1 = 2 …". */
  message: string;
  /** Why it matters, in a short paragraph. */
  why: string;
  /** Where the advice comes from. */
  reference: Reference;
}

/** Facts about a design computed once and shared by every rule (lookups stay O(1) on big designs). */
export interface RuleContext {
  design: Design;
  nodeById: Map<string, DesignNode>;
  networkById: Map<string, DesignNetwork>;
  byRole: (role: Role) => DesignNode[];
  services: ClusterService[];
  /** The resolved topology: who runs, votes for and holds what (the plan and the simulation read the same). */
  topology: Topology;
  /** Networks whose purpose is management. */
  managementNetworks: DesignNetwork[];
}

/** What a rule returns for each problem; the engine fills in the rule's id, family and reference. */
export interface RuleHit {
  severity?: Severity;
  nodes?: string[];
  networks?: string[];
  vips?: string[];
  message: string;
  /** Overrides the rule's why for this hit. */
  why?: string;
  reference?: Reference;
}

/** A rule: a stable id, its family, default severity, why, reference, and a pure check. */
export interface Rule {
  id: string;
  family: RuleFamily;
  severity: Severity;
  why: string;
  reference: Reference;
  check: (ctx: RuleContext) => RuleHit[];
}
