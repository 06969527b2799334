import { deflateSync } from 'node:zlib';

/**
 * PDFs that are small on disk and large once decoded (docs/verifier-defences.md, hostile structure: "many object
 * streams each inflating to the cap"). Data is deflated twice (/Filter [/FlateDecode /FlateDecode],
 * ISO 32000-1 §7.4.1): once, a deflate stream grows at most about 1,000 times; the second pass
 * compresses the repetitive first pass again, so 60 MiB of decoded data takes about a kilobyte.
 */
export function doubleDeflate(raw: Buffer): Buffer {
  return deflateSync(deflateSync(raw, { level: 9 }), { level: 9 });
}

/** How a bomb's data is packed: the /Filter value and the function that encodes for it. */
export type BombEncoding = { readonly filter: string; readonly pack: (raw: Buffer) => Buffer };

export const FLATE_TWICE: BombEncoding = { filter: '[/FlateDecode /FlateDecode]', pack: doubleDeflate };

type Obj = { num: number; body: Buffer };

function plain(num: number, text: string): Obj {
  return { num, body: Buffer.from(`${num} 0 obj\n${text}\nendobj\n`, 'latin1') };
}

function stream(num: number, dict: string, data: Buffer): Obj {
  const head = Buffer.from(`${num} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1');
  return { num, body: Buffer.concat([head, data, Buffer.from('\nendstream\nendobj\n', 'latin1')]) };
}

/** Writes the objects and a cross-reference stream (§7.5.8) with rows of /W [1 4 2]. */
function assemble(objs: readonly Obj[], compressed: ReadonlyMap<number, { stream: number; index: number }>, rootNum: number): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets = new Map<number, number>();
  let at = parts[0]!.length;
  for (const o of objs) {
    offsets.set(o.num, at);
    parts.push(o.body);
    at += o.body.length;
  }
  const xrefNum = Math.max(...objs.map((o) => o.num), ...compressed.keys()) + 1;
  offsets.set(xrefNum, at);
  const rows = Buffer.alloc((xrefNum + 1) * 7);
  for (let n = 0; n <= xrefNum; n++) {
    const c = compressed.get(n);
    const off = offsets.get(n);
    if (c) {
      rows.writeUInt8(2, n * 7);
      rows.writeUInt32BE(c.stream, n * 7 + 1);
      rows.writeUInt16BE(c.index, n * 7 + 5);
    } else if (off !== undefined) {
      rows.writeUInt8(1, n * 7);
      rows.writeUInt32BE(off, n * 7 + 1);
    }
  }
  const xref = stream(xrefNum, `/Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Root ${rootNum} 0 R /Filter /FlateDecode`, deflateSync(rows));
  parts.push(xref.body, Buffer.from(`startxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * An unsigned one-page PDF whose form lists `count` text fields, field i stored in object stream i.
 * Every object stream holds the same bytes (all the fields, padded to `inflatedBytes`, packed by
 * `encoding`), so one compressed copy serves them all; a reader that resolves every field decodes
 * every stream, count × inflatedBytes in total.
 */
export function objectStreamBombs(count: number, inflatedBytes: number, encoding: BombEncoding = FLATE_TWICE): Buffer {
  const fieldNum = (i: number): number => 10 + i;
  const stmNum = (i: number): number => 10 + count + i;
  const fields = Array.from({ length: count }, (_, i) => `<< /FT /Tx /T (f${i}) /V (x) >>`);
  const header = fields.map((_, i) => `${fieldNum(i)} ${fields.slice(0, i).reduce((n, f) => n + f.length + 1, 0)}`).join(' ') + '\n';
  const body = fields.join('\n') + '\n';
  const raw = Buffer.alloc(inflatedBytes, 0x20);
  raw.write(header + body, 'latin1');
  const packed = encoding.pack(raw);
  const dict = `/Type /ObjStm /N ${count} /First ${Buffer.byteLength(header, 'latin1')} /Filter ${encoding.filter}`;
  const objs: Obj[] = [
    plain(1, `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields.map((_, i) => `${fieldNum(i)} 0 R`).join(' ')}] >> >>`),
    plain(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    plain(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>'),
    stream(4, '', Buffer.from('BT /F1 12 Tf 72 720 Td (bomb) Tj ET', 'latin1')),
    ...fields.map((_, i) => stream(stmNum(i), dict, packed)),
  ];
  const compressed = new Map(fields.map((_, i) => [fieldNum(i), { stream: stmNum(i), index: i }] as const));
  return assemble(objs, compressed, 1);
}

/**
 * A one-page PDF whose page /Contents lists one stream `repeats` times; the stream inflates to
 * `inflatedBytes` of text-showing operators (the seal placement reads page content).
 */
export function repeatedContentBomb(repeats: number, inflatedBytes: number): Buffer {
  const unit = Buffer.from('BT /F1 12 Tf 72 720 Td (x) Tj ET\n', 'latin1');
  const raw = Buffer.alloc(inflatedBytes);
  for (let at = 0; at < inflatedBytes; at += unit.length) unit.copy(raw, at);
  return onePage(`[${Array.from({ length: repeats }, () => '4 0 R').join(' ')}]`, doubleDeflate(raw));
}

/** A one-page PDF with a single legal content stream of `inflatedBytes` of `q Q` pairs (the slowest operators to read). */
export function hugeContentStream(inflatedBytes: number): Buffer {
  return onePage('4 0 R', doubleDeflate(Buffer.alloc(inflatedBytes, 'q Q\n', 'latin1')));
}

function onePage(contents: string, packed: Buffer): Buffer {
  const objs: Obj[] = [
    plain(1, '<< /Type /Catalog /Pages 2 0 R >>'),
    plain(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    plain(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contents} >>`),
    stream(4, '/Filter [/FlateDecode /FlateDecode]', packed),
  ];
  return assemble(objs, new Map(), 1);
}
