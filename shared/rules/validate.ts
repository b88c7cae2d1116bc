/** The rules engine: runs every rule over a design and returns its findings, errors first. */
import type { Design, DesignNode, Role } from '../design/schema';
import { resolveTopology } from '../topology';
import { addressRules } from './addresses';
import { arbitratorRules } from './arbitrator';
import { dvrRules } from './dvr';
import { legacyRules } from './legacy';
import { quorumRules } from './quorum';
import { releaseRules } from './release';
import { roleRules } from './roles';
import { SERVICE_RULES } from '../services/contributions';
import { spofRules } from './spof';
import { storageRules } from './storage';
import type { Finding, Rule, RuleContext, Severity } from './types';
import { zoneRules } from './zones';

/** Every rule, in the order the Validate tab shows families. */
export const RULES: readonly Rule[] = [
  ...quorumRules,
  ...arbitratorRules,
  ...addressRules,
  ...roleRules,
  ...dvrRules,
  ...storageRules,
  ...spofRules,
  ...legacyRules,
  ...releaseRules,
  ...zoneRules,
  ...SERVICE_RULES,
];

/** Builds the shared facts rules read. */
export function ruleContext(design: Design): RuleContext {
  const roles = new Map<Role, DesignNode[]>();
  for (const node of design.nodes)
    for (const role of node.roles) {
      const list = roles.get(role);
      if (list) list.push(node);
      else roles.set(role, [node]);
    }
  const topology = resolveTopology(design);
  return {
    design,
    topology,
    nodeById: new Map(design.nodes.map((n) => [n.id, n])),
    networkById: new Map(design.networks.map((n) => [n.id, n])),
    byRole: (role) => roles.get(role) ?? [],
    services: topology.services,
    managementNetworks: design.networks.filter((n) => n.purpose === 'management'),
  };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Runs `rules` over a design. Pure and deterministic: the same design gives the same findings. */
export function runRules(design: Design, rules: readonly Rule[]): Finding[] {
  const ctx = ruleContext(design);
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const hit of rule.check(ctx)) {
      findings.push({
        ruleId: rule.id,
        family: rule.family,
        severity: hit.severity ?? rule.severity,
        nodes: hit.nodes ?? [],
        networks: hit.networks ?? [],
        vips: hit.vips ?? [],
        message: hit.message,
        why: hit.why ?? rule.why,
        reference: hit.reference ?? rule.reference,
      });
    }
  }
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** Validates a design against every HA rule. */
export function validate(design: Design): Finding[] {
  return runRules(design, RULES);
}

/** Counts findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
