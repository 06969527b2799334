import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { pageInfo, pageRefs } from '../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { MAX_OCCUPANCY_CONTENT_BYTES, pageOccupancy, pageOccupancyYielding } from '../../../src/core/seal/page-occupancy.js';
import { hugeContentStream, repeatedContentBomb } from '../../helpers/decode-bombs.js';
import { ENCODINGS, makeFilteredPdf, type StreamEncoding } from '../../helpers/filtered-pdfs.js';

const MIB = 1024 * 1024;

function firstPage(bytes: Buffer) {
  const file = PdfFile.open(bytes, DEFAULT_PDF_LIMITS);
  return { file, page: pageInfo(file, pageRefs(file)[0]!) };
}

describe('pageOccupancy and the content it decodes', () => {
  it('decodes a stream the /Contents array lists many times once, and reads it as often as it is listed', () => {
    const { file, page } = firstPage(repeatedContentBomb(20, 64 * 1024));
    const before = file.budget.used;
    const found = pageOccupancy(file, page);
    // One decode of the stream: its outer layer and its 64 KiB, not twenty of them.
    expect(file.budget.used - before).toBeGreaterThanOrEqual(64 * 1024);
    expect(file.budget.used - before).toBeLessThan(2 * 64 * 1024);
    expect(found.complete).toBe(true);
    expect(found.boxes.length).toBeGreaterThan(0);
  });

  it('takes a page whose listed content exceeds the bound as full, without decoding past the bound', () => {
    const { file, page } = firstPage(repeatedContentBomb(50, 60 * MIB));
    const before = file.budget.used;
    const found = pageOccupancy(file, page);
    expect(found).toMatchObject({ boxes: [{ x0: 0, y0: 0, x1: 595, y1: 842 }], complete: false });
    expect(file.budget.used - before).toBeLessThanOrEqual(MAX_OCCUPANCY_CONTENT_BYTES + MIB);
    expect(file.budget.exceeded).toBe(false);
  });

  it('counts repeats towards the bound: a small stream listed often enough fills the page', () => {
    const { file, page } = firstPage(repeatedContentBomb(64, MIB));
    expect(pageOccupancy(file, page)).toMatchObject({ boxes: [{ x0: 0, y0: 0, x1: 595, y1: 842 }], complete: false });
  });

  it('reads a legal stream past the bound as a full page too', () => {
    const { file, page } = firstPage(hugeContentStream(60 * MIB));
    expect(pageOccupancy(file, page).complete).toBe(false);
  });

  it('pauses between slices when asked to, and finds the same boxes', async () => {
    const { file, page } = firstPage(repeatedContentBomb(4, 256 * 1024));
    let pauses = 0;
    const sliced = await pageOccupancyYielding(file, page, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThan(10);
    expect(sliced).toEqual(pageOccupancy(file, page));
  });
});

describe('pageOccupancy under other filters (ISO 32000-1 §7.4)', () => {
  const E = ENCODINGS;

  it('reads LZW content and counts a JPEG (never decoded) by the box the CTM draws it in', () => {
    const { file, page } = firstPage(makeFilteredPdf({ content: E.lzw, objects: E.ascii85Flate, xref: E.flatePng }, [380, 60, 540, 220]));
    const found = pageOccupancy(file, page);
    expect(found.complete).toBe(true);
    expect(found.boxes).toContainEqual({ x0: 380, y0: 60, x1: 540, y1: 220 });
    expect(found.boxes.some((b) => b.y0 > 700)).toBe(true);
  });

  it('takes a page whose content is under an image codec as full instead of refusing it', () => {
    const jpegContent: StreamEncoding = { filter: '/DCTDecode', pack: (raw) => raw };
    const { file, page } = firstPage(makeFilteredPdf({ content: jpegContent, objects: E.flate, xref: E.flate }));
    expect(pageOccupancy(file, page)).toMatchObject({ boxes: [{ x0: 0, y0: 0, x1: 595, y1: 842 }], complete: false });
  });
});
