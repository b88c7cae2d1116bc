/**
 * The vocabulary of the Options tab: the seed documents a choice cites, and the shapes of choices and groups.
 */

/** The seed documents choices cite (see shared/seeds). */
export const SEED_DOCUMENTS = {
  '001': 'OpenStack HA Guide — table of contents',
  '002': 'OpenStack HA Guide — Configuring the stateful services',
  '003': 'Learning OpenStack High Availability (the book)',
  '004': 'Field report: OpenStack upgrade to high availability, part III',
} as const;

/** A place in a seed document. */
export interface SeedRef {
  doc: keyof typeof SEED_DOCUMENTS;
  section: string;
}

/** One selectable value of an option group. */
export interface OptionChoice {
  value: string;
  label: string;
  why: string;
  source: SeedRef;
  /** Set for legacy or risky choices: stays selectable, shown with this warning. */
  flag?: string;
}

/** Keys of the option groups. */
export type OptionKey =
  | 'database'
  | 'arbitrator'
  | 'messaging'
  | 'loadBalancer'
  | 'neutron'
  | 'storage.images'
  | 'storage.volumes'
  | 'storage.instances'
  | 'memcached'
  | 'fencing'
  | 'cluster.twoNode'
  | 'cluster.noQuorumPolicy'
  | 'lbaas'
  | 'telemetry'
  | 'metrics'
  | 'logging'
  | 'distro'
  | 'release';

/** A group of mutually exclusive choices. */
export interface OptionGroup {
  key: OptionKey;
  title: string;
  choices: OptionChoice[];
}

/** The HA guide's database section, cited by the Galera choices. */
export const galera: SeedRef = { doc: '002', section: 'Database for high availability' };
/** A section of the book (seed 003). */
export const book = (section: string): SeedRef => ({ doc: '003', section });
/** A section of the field report (seed 004). */
export const field = (section: string): SeedRef => ({ doc: '004', section });
/** A section of the HA guide's table of contents (seed 001). */
export const toc = (section: string): SeedRef => ({ doc: '001', section });
