/**
 * Patterns and length limits of the schema's free-text fields. A design file comes from anywhere, and its
 * texts end up in shell commands run as root, in rendered config files and in the runbook: each field
 * accepts only what its purpose needs (never a newline, a control character, `;`, `$`, a backtick or a
 * quote), and its message says what is allowed. Quoting at the point of use stays mandatory: these
 * patterns are the first wall, not the only one.
 */
import { z } from 'zod';
import { isIPv4 } from './ipv4';

/**
 * Characters of a display name besides letters, marks and digits. No quote, `#`, `%`, `$`, `;`, `|`,
 * `<`, `>`, backtick, backslash or control character: a name must be safe to show in any format.
 */
const NAME_PUNCTUATION = ' .,:/()+&_\\p{Pd}';
const NAME_ALLOWED = 'letters, digits, spaces and . , : / ( ) + & _ -';

/**
 * A person-readable name (design, network, VIP): trimmed (surrounding spaces and line breaks are dropped,
 * never kept), then it must start with a letter or digit.
 */
export function displayName(max: number) {
  const inner = `[\\p{L}\\p{M}\\p{N}${NAME_PUNCTUATION}]`;
  const last = `[\\p{L}\\p{M}\\p{N}${NAME_PUNCTUATION.replace(' ', '')}]`;
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .regex(
      // Empty is left to the min(1) message.
      new RegExp(`^(?:[\\p{L}\\p{N}](?:${inner}*${last})?)?$`, 'u'),
      `only ${NAME_ALLOWED}, starting with a letter or digit`,
    );
}

export const DesignName = displayName(120);
export const NetworkName = displayName(64);
export const VipName = displayName(64);

/** A failure domain (rack, zone, room): a short label. */
export const ZoneName = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'at most 63 characters')
  .regex(
    /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} ._:-]*[\p{L}\p{M}\p{N}._:-])?$/u,
    'only letters, digits, spaces and . _ : -, starting with a letter or digit (e.g. rack-a, zone 1)',
  );

/** One DNS label: letters, digits, `-` (and `_`, found in internal names), not starting or ending with `-`. */
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.?$`);
/** An IPv6 literal: hex groups and colons (an embedded IPv4 tail allowed), at most 45 characters. */
const IPV6 = /^(?=.{2,45}$)(?=.*:)[0-9A-Fa-f:]+(?::\d{1,3}(?:\.\d{1,3}){3})?$/;

function isHostOrAddress(text: string): boolean {
  if (/^\d+(\.\d+){3}$/.test(text)) return isIPv4(text);
  return DNS_NAME.test(text) || IPV6.test(text);
}

const HOST_ALLOWED =
  'a host name (letters, digits, "-", "_" and dots, not starting with "-"), an IPv4 or an IPv6 address';

/** Where to reach a machine: a DNS name, an IPv4 or an IPv6 address. */
export const HostOrAddress = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'at most 253 characters')
  .refine(isHostOrAddress, `not ${HOST_ALLOWED}`);

/** A login name as POSIX and OpenSSH accept it. */
export const UserName = z
  .string()
  .min(1, 'must not be empty')
  .max(32, 'at most 32 characters')
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]*$/,
    'not a user name (letters, digits, ".", "_" and "-", starting with a letter or "_")',
  );

/** A path of a file on the machine running Quorum (an SSH key): no shell or option syntax. */
export const LocalPath = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'at most 1024 characters')
  .regex(
    /^[\p{L}\p{M}\p{N}~/._+@,=](?:[\p{L}\p{M}\p{N} ~/._+@,=-]*[\p{L}\p{M}\p{N}~/._+@,=-])?$/u,
    'not a file path (letters, digits, spaces and ~ / . _ + @ , = -; not starting with "-")',
  );

/** One `[user@]host[:port]` hop, IPv6 in brackets. */
const HOP = new RegExp(
  `^(?:[A-Za-z_][A-Za-z0-9_.-]{0,31}@)?(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]{2,45}\\])(?::\\d{1,5})?$`,
);

/** OpenSSH `ProxyJump`: comma-separated `[user@]host[:port]` hops. */
export const ProxyJump = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'at most 1024 characters')
  .refine(
    (text) => text.split(',').every((hop) => HOP.test(hop)),
    'not a ProxyJump list ([user@]host[:port] hops separated by ",")',
  );

/** A GlusterFS volume name, as `gluster volume create` accepts it. */
export const GlusterVolumeName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_-]*$/,
    'not a volume name (letters, digits, "_" and "-", not starting with "-")',
  );

/** A network interface name (e.g. eth1, ens4, bond0). */
export const InterfaceName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.:-]{0,14}$/, 'not an interface name (e.g. eth1, ens4, bond0)');

/** A block device name under /dev (e.g. sdb, vdc, nvme0n1). */
export const DiskName = z
  .string()
  .regex(/^[a-z][a-z0-9]{1,15}$/, 'not a disk name (lowercase letters and digits, e.g. sdb, nvme0n1)');

/** Why `text` does not fit `field` (its first message), or null; an empty optional field is fine. */
export function textFieldProblem(
  field: z.ZodType,
  text: string,
  { optional = false }: { optional?: boolean } = {},
): string | null {
  if (optional && text === '') return null;
  const parsed = field.safeParse(text);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'not allowed here');
}
