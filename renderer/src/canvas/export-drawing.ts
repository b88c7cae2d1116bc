/**
 * Saving the drawing: the SVG comes from `shared/design/svg-export`; PNG rasterises that SVG in a canvas.
 * Both are offered as downloads (a browser saves them; Electron asks where).
 */
import type { Design } from '../../../shared/design/schema';
import { renderDesignSvg } from '../../../shared/design/svg-export';
import { suggestedFileName } from '../../../shared/design/edit';

/** PNG pixels per canvas unit: sharp on high-density screens and in documents. */
const PNG_SCALE = 2;

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Let the download start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(design: Design): string {
  return suggestedFileName(design.name).replace(/\.quorum$/, '');
}

/** Downloads the drawing as `<project>.svg`. */
export function exportSvg(design: Design): void {
  download(new Blob([renderDesignSvg(design)], { type: 'image/svg+xml' }), `${baseName(design)}.svg`);
}

/** Downloads the drawing as `<project>.png`. */
export async function exportPng(design: Design): Promise<void> {
  const svg = renderDesignSvg(design);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.naturalWidth * PNG_SCALE);
    canvas.height = Math.ceil(image.naturalHeight * PNG_SCALE);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw to a canvas');
    context.scale(PNG_SCALE, PNG_SCALE);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the drawing is too large for a PNG');
    download(blob, `${baseName(design)}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
