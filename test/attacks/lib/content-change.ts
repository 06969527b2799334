import { PdfRef } from '../../../src/core/pdf/objects.js';
import { contentStream, firstContentRef, withKeys, type SignedLayout } from './inspect.js';
import type { RawObject } from './raw.js';

/** What every forgery wants the reader to see instead of the signed text. */
export const FORGED_TEXT = 'BT /F1 24 Tf 60 500 Td (Forged: pay 1,000,000 EUR) Tj ET';

/** ISA's classic move: the page's content stream object redefined under its own number. */
export function overrideContent(l: SignedLayout, page = l.pages.length - 1): RawObject {
  return { num: firstContentRef(l.pages[page]!).num, body: contentStream(FORGED_TEXT) };
}

/** A new content stream `next` and the page rewritten to draw it. */
export function repointContent(l: SignedLayout, next: number, page = l.pages.length - 1): RawObject[] {
  const p = l.pages[page]!;
  return [
    { num: next, body: contentStream(FORGED_TEXT) },
    { num: p.ref.num, body: withKeys(p.dict, { Contents: new PdfRef(next, 0) }) },
  ];
}
