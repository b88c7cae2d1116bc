/** The Electron binary's path, or null when it is not installed. */
export function electronBinary(): string | null;
/** Command-line switches Electron needs on this machine. */
export function electronArgs(): string[];
