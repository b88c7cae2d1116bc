/**
 * One recovery procedure: a title, when to use it, and numbered steps (prose with optional commands).
 * Its own module, so recovery.ts and recovery-optional.ts both use it without importing each other.
 */
export interface RecoveryProcedure {
  id: string;
  title: string;
  when: string;
  steps: { text: string; commands?: string[] }[];
}
