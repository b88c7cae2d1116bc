/**
 * Release rules: a release the plan cannot source for the chosen distro, and options the release does not
 * have, are refused here with the reason (rather than by a plan that fails on the node).
 */
import { REF } from './references';
import type { Rule } from './types';

const sourceable: Rule = {
  id: 'release.packages',
  family: 'legacy',
  severity: 'error',
  why: 'Quorum installs OpenStack from the distribution’s packages: the distribution’s own archive, Debian’s extrepo backports or RDO. A release that no supported version of the distribution ships or backports cannot be installed by the plan; choosing it would fail on the first node.',
  reference: REF.packages,
  check: (ctx) => {
    const refusal = ctx.topology.release.refusal;
    return refusal
      ? [{ message: `OpenStack ${ctx.design.release} on ${ctx.design.distro}: ${refusal}` }]
      : [];
  },
};

const packageSource: Rule = {
  id: 'release.source',
  family: 'legacy',
  severity: 'info',
  why: 'Every node must run the operating system version whose archive (or backports repository) carries the chosen release; preflight checks the distro family, the package step enables what is needed.',
  reference: REF.packages,
  check: (ctx) => {
    const source = ctx.topology.release.source;
    if (!source || ctx.design.nodes.length === 0) return [];
    const from =
      source.kind === 'distro'
        ? `from ${source.os}'s own archive`
        : `from the ${source.repository} repository on ${source.os}`;
    if (source.kind === 'obs')
      return [
        {
          severity: 'warning',
          message: `OpenStack ${ctx.design.release} would come ${from}: a community build project, not a vendor-supported product. Check that it exists for your Leap version before deploying; the package step stops if it does not.`,
        },
      ];
    return [
      { message: `OpenStack ${ctx.design.release} is installed ${from}; every node must run ${source.os}.` },
    ];
  },
};

const ovnTenantType: Rule = {
  id: 'release.ovn-tenant-type',
  family: 'legacy',
  severity: 'error',
  why: 'OVN tunnels tenant networks with Geneve (or uses VLANs); it has no VXLAN tenant networks for Neutron and no GRE. The OVS agents’ encapsulations do not apply.',
  reference: REF.ovnClustering,
  check: (ctx) => {
    const n = ctx.topology.facts.neutron;
    if (n.mode !== 'ovn' || n.tenantNetworkType === 'geneve' || n.tenantNetworkType === 'vlan') return [];
    return [{ message: `OVN with ${n.tenantNetworkType} tenant networks: choose Geneve (or VLAN).` }];
  },
};

/** Release family (reported with the legacy choices). */
export const releaseRules: Rule[] = [sourceable, packageSource, ovnTenantType];
