import type { AfterPackContext } from 'electron-builder';
/** The fuse settings, by FuseV1Options index. */
export const FUSES: Record<number, boolean>;
/** The file that holds the fuse wire in a packed app. */
export function packedExecutable(context: AfterPackContext): string;
/** electron-builder's afterPack hook: sets the fuses. */
export function afterPack(context: AfterPackContext): Promise<void>;
export default afterPack;
