import { PdfDict, PdfRef } from '../../../src/core/pdf/objects.js';
import type { PageInfo } from '../../../src/core/pdf/pages.js';
import { contentStream, firstContentRef, withKeys, type SignedLayout } from './inspect.js';
import type { RawObject } from './raw.js';

/** What every forgery wants the reader to see instead of the signed text; the render checks look for it. */
export const FORGED_MARKER = 'Forged: pay 1,000,000 EUR';

/**
 * Content drawing FORGED_MARKER with a font the page already has, so that a reader which takes the
 * forged content really shows it (a font name the page lacks would make it draw nothing).
 */
export function forgedText(page: PageInfo): string {
  const fonts = page.resources?.get('Font');
  const font = fonts instanceof PdfDict ? ([...fonts.map.keys()][0] ?? 'F1') : 'F1';
  return `BT /${font} 24 Tf 60 500 Td (${FORGED_MARKER}) Tj ET`;
}

/** ISA's classic move: the page's content stream object redefined under its own number. */
export function overrideContent(l: SignedLayout, page = l.pages.length - 1): RawObject {
  return { num: firstContentRef(l.pages[page]!).num, body: contentStream(forgedText(l.pages[page]!)) };
}

/** A new content stream `next` and the page rewritten to draw it. */
export function repointContent(l: SignedLayout, next: number, page = l.pages.length - 1): RawObject[] {
  const p = l.pages[page]!;
  return [
    { num: next, body: contentStream(forgedText(p)) },
    { num: p.ref.num, body: withKeys(p.dict, { Contents: new PdfRef(next, 0) }) },
  ];
}
