import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { serializeValue } from '../../src/core/pdf-write/serialize.js';

/** One object of an appended revision: its number and its value as PDF source (no `obj`/`endobj`). */
export type RawObject = { readonly num: number; readonly gen?: number; readonly body: string | Buffer };

export type AppendOptions = {
  /** Object numbers to list as free (ISO 32000-1 §7.5.4 'f' entries, next generation). */
  readonly free?: readonly number[];
  /** Write a cross-reference stream (§7.5.8) instead of a table (a "hybrid" remapping, for attacks). */
  readonly xrefStream?: boolean;
  /** Override /Prev (attacks: a wrong or looping /Prev); default: the newest section's offset. */
  readonly prev?: number;
  /** Extra trailer entries as PDF source, e.g. '/Root 9 0 R' to point at another catalog (replaces the carried one). */
  readonly trailerExtra?: string;
};

/**
 * "Append a revision" as the attack list defines it: raw bytes after the last %%EOF — the objects,
 * an xref section listing only them, a trailer with /Size, /Root (and /Info, /ID, /Encrypt) carried over and
 * /Prev, then startxref and %%EOF. Test code only: attack generators reuse it to forge revisions.
 */
export function appendRevision(pdf: Buffer, objects: readonly RawObject[], opts: AppendOptions = {}): Buffer {
  const file = PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
  const chunks: Buffer[] = [pdf];
  let pos = pdf.length;
  const push = (b: Buffer | string): void => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    pos += buf.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) push('\n');
  const rows = new Map<number, { offset: number; gen: number; free: boolean }>();
  for (const o of objects) {
    rows.set(o.num, { offset: pos, gen: o.gen ?? 0, free: false });
    push(`${o.num} ${o.gen ?? 0} obj\n`);
    push(o.body);
    push('\nendobj\n');
  }
  for (const num of opts.free ?? []) rows.set(num, { offset: 0, gen: (file.entry(num)?.type === 'offset' ? 1 : 0), free: true });
  const maxNum = Math.max(0, ...rows.keys());
  let size = Math.max(file.size, maxNum + 1);
  // A key given in trailerExtra replaces the carried one rather than duplicating it.
  const carried = ['Root', 'Info', 'ID', 'Encrypt']
    .filter((k) => !new RegExp(`/${k}[\\s/<\\[]`).test(opts.trailerExtra ?? ''))
    .map((k) => [k, file.trailer.get(k)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `/${k} ${serializeValue(v!).toString('latin1')}`)
    .join(' ');
  const prev = opts.prev ?? file.sections[0]!.offset;
  const xrefAt = pos;
  if (opts.xrefStream) {
    const selfNum = size++;
    rows.set(selfNum, { offset: xrefAt, gen: 0, free: false });
    push(xrefStreamObject(selfNum, rows, `/Size ${size} ${carried} /Prev ${prev} ${opts.trailerExtra ?? ''}`));
  } else {
    push(`xref\n${xrefTable(rows)}trailer\n<< /Size ${size} ${carried} /Prev ${prev} ${opts.trailerExtra ?? ''} >>\n`);
  }
  push(`startxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

/** One cross-reference row; a free row's `gen` is the generation a reuse of the number would take. */
export type Row = { offset: number; gen: number; free: boolean };

/** Runs of consecutive numbers as §7.5.4 subsections; each entry exactly 20 bytes. */
function runs(rows: ReadonlyMap<number, Row>): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (const n of [...rows.keys()].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === n) last[1].push(n);
    else out.push([n, [n]]);
  }
  return out;
}

export function xrefTable(rows: ReadonlyMap<number, Row>): string {
  return runs(rows)
    .map(([first, nums]) => {
      const lines = nums.map((n) => {
        const r = rows.get(n)!;
        return `${String(r.offset).padStart(10, '0')} ${String(r.gen).padStart(5, '0')} ${r.free ? 'f' : 'n'}\r\n`;
      });
      return `${first} ${nums.length}\n${lines.join('')}`;
    })
    .join('');
}

/** §7.5.8: /W [1 4 2], uncompressed rows, /Index naming the runs. */
export function xrefStreamObject(num: number, rows: ReadonlyMap<number, Row>, dictEntries: string): Buffer {
  const groups = runs(rows);
  const data = Buffer.alloc(groups.reduce((n, [, nums]) => n + nums.length, 0) * 7);
  let at = 0;
  for (const [, nums] of groups) {
    for (const n of nums) {
      const r = rows.get(n)!;
      data.writeUInt8(r.free ? 0 : 1, at);
      data.writeUInt32BE(r.offset, at + 1);
      data.writeUInt16BE(r.gen, at + 5);
      at += 7;
    }
  }
  const index = groups.map(([first, nums]) => `${first} ${nums.length}`).join(' ');
  const head = `${num} 0 obj\n<< /Type /XRef /W [1 4 2] /Index [${index}] ${dictEntries} /Length ${data.length} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

/** The source of a stream object's value, with an exact /Length. */
export function streamBody(dictEntries: string, data: string | Buffer): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return Buffer.concat([Buffer.from(`<< ${dictEntries} /Length ${bytes.length} >>\nstream\n`, 'latin1'), bytes, Buffer.from('\nendstream', 'latin1')]);
}

/** The first object number an appended revision may use for new objects (§7.5.5 /Size). */
export function nextObjectNumber(pdf: Buffer): number {
  return PdfFile.open(pdf, DEFAULT_PDF_LIMITS).size;
}
