/**
 * Forward migrations of project files. `MIGRATIONS[n]` turns a version-n document into a version n+1
 * document; the loader applies them in order until the current version. A migration works on plain JSON
 * (the old shape has no schema here any more) and must never drop information the new version can hold.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function slug(text: string, fallback: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return s || fallback;
}

/**
 * v0 was the prototype's format: one flat management network (`network.cidr`), hosts with a single
 * `ip`, one optional `vip` address and a free-text `openstack` release. v1 models networks, NICs and VIPs.
 */
function v0ToV1(doc: Json): Json {
  const network = isObject(doc.network) ? doc.network : {};
  const hosts = Array.isArray(doc.hosts) ? doc.hosts : [];
  const networks =
    typeof network.cidr === 'string'
      ? [
          {
            id: 'management',
            name: 'Management',
            purpose: 'management',
            cidr: network.cidr,
            ...(typeof network.gateway === 'string' ? { gateway: network.gateway } : {}),
            ...(typeof network.vlan === 'number' ? { vlan: network.vlan } : {}),
          },
        ]
      : [];
  const usedIds = new Set<string>();
  const nodes = hosts.map((host: unknown, index: number) => {
    const h = isObject(host) ? host : {};
    const hostname = typeof h.name === 'string' ? h.name : `node-${index + 1}`;
    let id = slug(hostname, `node-${index + 1}`);
    while (usedIds.has(id)) id = `${id}-${index + 1}`;
    usedIds.add(id);
    return {
      id,
      hostname,
      roles: Array.isArray(h.roles) ? h.roles : [],
      nics:
        typeof h.ip === 'string' && networks.length > 0
          ? [
              {
                name: typeof h.interface === 'string' ? h.interface : 'eth0',
                network: 'management',
                address: h.ip,
              },
            ]
          : [],
      ...(typeof h.ip === 'string' ? { ssh: { host: h.ip, port: 22, user: 'root' } } : {}),
    };
  });
  const vips =
    typeof doc.vip === 'string' && networks.length > 0
      ? [{ id: 'vip-api', name: 'API VIP', network: 'management', address: doc.vip, services: [] }]
      : [];
  return {
    schemaVersion: 1,
    name: typeof doc.name === 'string' ? doc.name : 'Untitled cloud',
    release: typeof doc.openstack === 'string' ? doc.openstack.toLowerCase() : 'icehouse',
    distro: doc.distro === 'rhel' || doc.distro === 'suse' ? doc.distro : 'debian',
    nodes,
    networks,
    vips,
  };
}

/** Migrations by the version they start from. */
export const MIGRATIONS: Readonly<Record<number, (doc: Json) => Json>> = {
  0: v0ToV1,
};

/**
 * The version a raw document declares, or what is wrong with its version field. A Quorum file declares
 * `schemaVersion` ≥ 1. The prototype's v0 files are recognised only by their own shape (`version: 0`
 * and a `hosts` list, no `schemaVersion`): a file without a version, or with `schemaVersion: 0`, is
 * refused rather than migrated, since it would open as an empty design and saving would replace the
 * real file.
 */
export function declaredVersion(doc: Json): { version: number } | { problem: string } {
  if (!('schemaVersion' in doc)) {
    if (doc.version === 0 && Array.isArray(doc.hosts)) return { version: 0 };
    return {
      problem:
        'required: this file does not declare a Quorum schema version, so it is not opened (is it a Quorum project?)',
    };
  }
  const v = doc.schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    return { problem: `must be a whole number ≥ 1, found ${JSON.stringify(v)}` };
  return { version: v };
}

/** Applies every migration from `from` up to `to`; throws if one is missing from the registry. */
export function migrate(doc: Json, from: number, to: number): Json {
  let current = doc;
  for (let v = from; v < to; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from schema v${v} to v${v + 1}`);
    current = step(current);
  }
  return current;
}

export { isObject };
