import { PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, PDFRawStream, type PDFContext, type PDFObject, type PDFRef } from 'pdf-lib';
import { ObjectAllocator } from '../core/pdf/object-allocator.js';
import { PdfDict, PdfName, PdfReal, PdfRef, PdfStream, PdfString, type PdfObject } from '../core/pdf/objects.js';
import type { CjkFont } from '../core/seal/cjk-font.js';
import { CjkFontSubset } from '../core/seal/cjk-font-subset.js';

/** Characters that move text or break lines, and so are never drawn as they are. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * The report's one font: the seal's CJK font (Latin glyphs included), subset to the glyphs the report
 * draws by our own subsetter and embedded as a Type0 font with a ToUnicode map (ISO 32000-1 §9.7,
 * §9.10.3), so Chinese and English both print and extract. pdf-lib's own subsetting is not used: it
 * loses glyphs of Noto Sans SC.
 */
export class ReportFont {
  private readonly subset: CjkFontSubset;

  constructor(private readonly font: CjkFont) {
    this.subset = new CjkFontSubset(font);
  }

  /** The text with control characters as spaces and characters the font lacks as `?`. */
  drawable(text: string): string {
    return [...text.replace(CONTROL, ' ')].map((c) => (this.font.glyphId(c.codePointAt(0)!) === 0 ? '?' : c)).join('');
  }

  widthOf(text: string, size: number): number {
    return this.font.widthOf(text, size);
  }

  /** Hex digits of the 2-byte codes for `text` (already drawable), adding its glyphs to the subset. */
  encode(text: string): string {
    return this.subset.encode(text).slice(1, -1);
  }

  /** Adds the font and its parts to the document; call once, after the last `encode`. */
  embed(context: PDFContext): PDFRef {
    const alloc = new ObjectAllocator(1);
    const root = this.subset.embed(alloc);
    const refs = new Map<number, PDFRef>(alloc.objects.map((o) => [o.ref.num, context.nextRef()]));
    for (const o of alloc.objects) context.assign(refs.get(o.ref.num)!, toPdfLib(o.value, context, refs));
    return refs.get(root.num)!;
  }
}

/** Our object model's value as pdf-lib's; references are renumbered through `refs`. */
function toPdfLib(o: PdfObject, context: PDFContext, refs: ReadonlyMap<number, PDFRef>): PDFObject {
  if (o === null) return PDFNull;
  if (typeof o === 'boolean') return o ? PDFBool.True : PDFBool.False;
  if (typeof o === 'number') return PDFNumber.of(o);
  if (o instanceof PdfReal) return PDFNumber.of(o.value);
  if (o instanceof PdfName) return PDFName.of(o.name);
  if (o instanceof PdfString) return PDFHexString.of(Buffer.from(o.bytes).toString('hex'));
  if (o instanceof PdfRef) return refs.get(o.num)!;
  if (Array.isArray(o)) {
    const array = PDFArray.withContext(context);
    for (const item of o) array.push(toPdfLib(item, context, refs));
    return array;
  }
  if (o instanceof PdfStream) {
    const dict = toPdfLib(o.dict, context, refs) as PDFDict;
    dict.set(PDFName.of('Length'), PDFNumber.of(o.data.length));
    return PDFRawStream.of(dict, o.data);
  }
  const dict = PDFDict.withContext(context);
  for (const [key, value] of (o as PdfDict).map) dict.set(PDFName.of(key), toPdfLib(value, context, refs));
  return dict;
}
