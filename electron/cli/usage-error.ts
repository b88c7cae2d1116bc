/** A usage error of any `quorum` command: printed as one line plus a hint, exit code 2. */
export class UsageError extends Error {}
