import {
  PdfDict,
  PdfName,
  PdfReal,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfObject,
} from '../../src/core/pdf/objects.js';
import type { NewObject } from '../../src/core/pdf/object-allocator.js';

/** Object numbers the test page uses; an ObjectAllocator for the seal starts at FIRST_FREE. */
export const FIRST_FREE = 5;

const DELIMITERS = new Set('()<>[]{}/%#'.split(''));

function nameToken(n: string): string {
  let out = '/';
  for (const b of Buffer.from(n, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 0x21 || b > 0x7e || DELIMITERS.has(c) ? `#${b.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

function stringToken(s: PdfString): string {
  if (s.hex) return `<${Buffer.from(s.bytes).toString('hex')}>`;
  let out = '(';
  for (const b of s.bytes) {
    const c = String.fromCharCode(b);
    if (c === '(' || c === ')' || c === '\\') out += `\\${c}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += c;
  }
  return `${out})`;
}

/** Test-only serialiser of our object model (ISO 32000-1 §7.3); the real one is the incremental writer's. */
export function serialize(o: PdfObject, out: Buffer[]): void {
  const text = (s: string) => out.push(Buffer.from(s, 'latin1'));
  if (o === null) text('null');
  else if (typeof o === 'boolean' || typeof o === 'number') text(String(o));
  else if (o instanceof PdfReal) text(o.value.toFixed(4));
  else if (o instanceof PdfName) text(nameToken(o.name));
  else if (o instanceof PdfString) text(stringToken(o));
  else if (o instanceof PdfRef) text(o.toString());
  else if (Array.isArray(o)) {
    text('[');
    o.forEach((item) => {
      serialize(item, out);
      text(' ');
    });
    text(']');
  } else if (o instanceof PdfDict) {
    text('<<');
    for (const [k, v] of o.map) {
      text(`${nameToken(k)} `);
      serialize(v, out);
      text('\n');
    }
    text('>>');
  } else if (o instanceof PdfStream) {
    const withLength = new PdfDict(new Map(o.dict.map)).set('Length', o.data.length);
    serialize(withLength, out);
    text('\nstream\n');
    out.push(Buffer.from(o.data));
    text('\nendstream');
  }
}

export type SealTestPage = {
  readonly mediaBox: readonly [number, number, number, number];
  readonly rotate: number;
  /** The page's content stream (it draws the form as /Seal). */
  readonly content: string;
  readonly seal: PdfRef;
  readonly objects: readonly NewObject[];
  /** Extra page entries, e.g. /Annots. */
  readonly pageExtras?: Record<string, PdfObject>;
};

/** A complete one-page PDF with a classic cross-reference table (ISO 32000-1 §7.5.4). */
export function sealTestPdf(page: SealTestPage): Buffer {
  const objects: NewObject[] = [
    { ref: new PdfRef(1, 0), value: dictOf({ Type: PdfName.of('Catalog'), Pages: new PdfRef(2, 0) }) },
    { ref: new PdfRef(2, 0), value: dictOf({ Type: PdfName.of('Pages'), Kids: [new PdfRef(3, 0)], Count: 1 }) },
    {
      ref: new PdfRef(3, 0),
      value: dictOf({
        Type: PdfName.of('Page'),
        Parent: new PdfRef(2, 0),
        MediaBox: [...page.mediaBox],
        Rotate: page.rotate,
        Contents: new PdfRef(4, 0),
        Resources: dictOf({ XObject: dictOf({ Seal: page.seal }) }),
        ...page.pageExtras,
      }),
    },
    { ref: new PdfRef(4, 0), value: new PdfStream(new PdfDict(), Buffer.from(page.content, 'latin1')) },
    ...page.objects,
  ];
  const size = Math.max(...objects.map((o) => o.ref.num)) + 1;
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets = new Map<number, number>();
  let length = parts[0]!.length;
  for (const { ref, value } of objects) {
    const chunk: Buffer[] = [Buffer.from(`${ref.num} 0 obj\n`)];
    serialize(value, chunk);
    chunk.push(Buffer.from('\nendobj\n'));
    offsets.set(ref.num, length);
    const joined = Buffer.concat(chunk);
    parts.push(joined);
    length += joined.length;
  }
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) {
    const off = offsets.get(n);
    xref += off === undefined ? '0000000000 00000 f \n' : `${String(off).padStart(10, '0')} 00000 n \n`;
  }
  xref += `trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

function dictOf(entries: Record<string, PdfObject>): PdfDict {
  return new PdfDict(new Map(Object.entries(entries)));
}
