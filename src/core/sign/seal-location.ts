import type { PageInfo } from '../pdf/pages.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { pageOccupancyYielding } from '../seal/page-occupancy.js';
import { placeSeal } from '../seal/placement.js';
import { visualRotationFor, type Rotation } from '../seal/visual-space.js';
import type { Corner, SignWarning } from './types.js';

/** The seal as the reader sees it, in points. */
export const SEAL_WIDTH = 252;
export const SEAL_HEIGHT = 100;

export type SealLocation = {
  readonly rect: [number, number, number, number];
  readonly rotation: Rotation;
  readonly warnings: SignWarning[];
};

/**
 * Finds where the seal covers no text, image or annotation already on the page: the page's content
 * streams are read for what they draw, existing annotations count as occupied, and the free spot
 * nearest the requested corner wins. When the page is full, the seal goes to the corner with a warning.
 *
 * The signer runs on the service's event loop. The work is bounded (MAX_OCCUPANCY_CONTENT_BYTES of
 * decoded content, each stream decoded once; past it the page counts as full) and the reading of that
 * content pauses between slices, so /healthz and other requests are answered while a page is read.
 * A worker thread would need its own copy of the upload and its own parse of the file, for a read the
 * bound already keeps to a few seconds at worst (a million `q Q` pairs), in slices of about 10 ms.
 */
export async function locateSeal(file: PdfFile, page: PageInfo, corner: Corner, pause: () => Promise<void>): Promise<SealLocation> {
  const rotation = visualRotationFor(page.rotate);
  const warnings: SignWarning[] = [];
  const found = await pageOccupancyYielding(file, page, pause);
  if (!found.complete) {
    warnings.push({ code: 'content_not_fully_read', message: 'Part of the page content could not be analysed; the seal may overlap it.' });
  }
  const occupied = [...found.boxes, ...found.annotations];
  const placed = placeSeal({ pageBox: page.box, rotate: rotation, occupied, sealWidth: SEAL_WIDTH, sealHeight: SEAL_HEIGHT, corner });
  if (!placed.free) {
    warnings.push({ code: 'seal_overlaps_content', message: 'No free area was found for the seal; it was placed at the requested corner and may cover content.' });
  }
  const r = placed.rect;
  return { rect: [r.x0, r.y0, r.x1, r.y1], rotation, warnings };
}
