export const ICON_SOURCE: string;
export const ICON_DIR: string;
/** The SVG drawn as a square PNG of `size` pixels. */
export function renderPng(svg: string, size: number): Promise<Buffer>;
/** Writes icon.png (512 px), icon.ico and icon.icns into `outDir`; returns their paths. */
export function writeIcons(
  outDir?: string,
  source?: string,
): Promise<{ png: string; ico: string; icns: string }>;
