/**
 * Pure edits of a design. The renderer's actions call these; they never mutate their input.
 */
import type { Design, DistroFamily, Release } from './schema';

/** The project's display name, trimmed; an empty name is kept so the field can show its error. */
export function renameProject(design: Design, name: string): Design {
  return { ...design, name };
}

export function setRelease(design: Design, release: Release): Design {
  return { ...design, release };
}

export function setDistro(design: Design, distro: DistroFamily): Design {
  return { ...design, distro };
}

/** Why a project name cannot be used, or null. Mirrors the schema's rule for inline validation. */
export function projectNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'The project needs a name.';
  if (trimmed.length > 120) return 'At most 120 characters.';
  return null;
}

/** A file name for a project: lowercase, dashes, no path characters. */
export function suggestedFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'untitled'}.quorum`;
}
