import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { PdfRef } from '../../src/core/pdf/objects.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { appendRevision, xrefStreamObject, xrefTable, type Row } from './append-revision.js';
import { makeAcroFormPdf, makeClassicXrefPdf, makePdfLibDoc, makeRotatedMultiPagePdf, makeXrefStreamPdf } from './pdf-fixtures.js';
import { runOrThrow, withTempDir } from './tool-run.js';

/**
 * Input PDFs that differ in file structure rather than content: other writers (qpdf, MuPDF), object
 * generations above 0, hybrid-reference files, linearized files and files already updated. The signer
 * must append to each of them an update that every reader takes as written (no repair, no warning).
 */

/** Runs a tool that reads `in.pdf` and writes `out.pdf` in a fresh temp dir; `args` name both. */
function rewrite(pdf: Buffer, tool: string, args: (input: string, output: string) => string[]): Promise<Buffer> {
  return withTempDir((dir) => {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'out.pdf');
    writeFileSync(input, pdf);
    runOrThrow(tool, args(input, output));
    return readFileSync(output);
  });
}

/** `qpdf --linearize` (ISO 32000-1 Annex F): a first-page section at the start, /Prev to the main one. */
export async function makeLinearizedPdf(opts: { objectStreams: boolean }): Promise<Buffer> {
  const pdf = await makePdfLibDoc({ pages: 3, objectStreams: false });
  const streams = opts.objectStreams ? 'generate' : 'disable';
  return rewrite(pdf, 'qpdf', (i, o) => ['--linearize', `--object-streams=${streams}`, i, o]);
}

/** MuPDF's writer (`mutool clean`), optionally with its garbage collection and compression. */
export async function makeMutoolCleanPdf(flags: string[] = []): Promise<Buffer> {
  const pdf = await makePdfLibDoc({ pages: 2, objectStreams: false });
  return rewrite(pdf, 'mutool', (i, o) => ['clean', ...flags, i, o]);
}

/** The objects a signature update rewrites (catalog, page tree root, last page, AcroForm) of `pdf`. */
function rewrittenByUpdate(pdf: Buffer): number[] {
  const file = PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
  const catalog = file.catalog();
  const refs = [file.trailer.get('Root'), catalog.get('Pages'), catalog.get('AcroForm')];
  const kids = file.getDict(catalog, 'Pages')?.get('Kids');
  if (Array.isArray(kids)) refs.push(kids[kids.length - 1]);
  return refs.filter((r): r is PdfRef => r instanceof PdfRef).map((r) => r.num);
}

/**
 * A file whose objects the signature update rewrites are at generations above 0 (ISO 32000-1 §7.3.10:
 * an object is named by number and generation), as a file whose numbers were freed and reused carries
 * them: with a form the update rewrites the AcroForm and the page, without one the catalog and the
 * page. Written by hand from qpdf's uncompressed output, with a classic table or a cross-reference
 * stream whose rows give those generations.
 */
export async function makeHighGenerationPdf(opts: { xrefStream: boolean; form: boolean }): Promise<Buffer> {
  const source = opts.form ? await makeAcroFormPdf() : await makePdfLibDoc({ pages: 2, objectStreams: false });
  const plain = await rewrite(source, 'qpdf', (i, o) => ['--object-streams=disable', '--stream-data=uncompress', i, o]);
  const gens = new Map(rewrittenByUpdate(plain).map((num, i) => [num, [1, 3, 2, 1][i]!]));
  let text = plain.toString('latin1');
  for (const [num, gen] of gens) {
    text = text
      .replace(new RegExp(`(?<![0-9])${num} 0 R(?![A-Za-z0-9])`, 'g'), `${num} ${gen} R`)
      .replace(new RegExp(`^${num} 0 obj`, 'm'), `${num} ${gen} obj`);
  }
  const body = text.slice(0, text.lastIndexOf('\nxref\n') + 1);
  const trailer = /trailer\s*<<([\s\S]*)>>\s*startxref/.exec(text)![1]!.replace(/\/Size \d+/, '');
  return withFreshXref(Buffer.from(body, 'latin1'), trailer, opts.xrefStream);
}

/** Appends a cross-reference section listing every `N G obj` of `body`, then the trailer. */
function withFreshXref(body: Buffer, trailerEntries: string, xrefStream: boolean): Buffer {
  const rows = new Map<number, Row>([[0, { offset: 0, gen: 65535, free: true }]]);
  for (const m of body.toString('latin1').matchAll(/^(\d+) (\d+) obj\b/gm)) {
    rows.set(Number(m[1]), { offset: m.index, gen: Number(m[2]), free: false });
  }
  const size = Math.max(...rows.keys()) + 1;
  const at = body.length;
  const tail = xrefStream
    ? Buffer.concat([xrefStreamObject(size, new Map([...rows, [size, { offset: at, gen: 0, free: false }]]), `/Size ${size + 1} ${trailerEntries}`)])
    : Buffer.from(`xref\n${xrefTable(rows)}trailer\n<< /Size ${size} ${trailerEntries} >>\n`, 'latin1');
  return Buffer.concat([body, tail, Buffer.from(`startxref\n${at}\n%%EOF\n`, 'latin1')]);
}

/**
 * ISO 32000-1 §7.5.8.4 hybrid-reference file, laid out as the standard's example: a main table for
 * PDF 1.4 readers covering every number, the objects in object streams (and the streams themselves)
 * marked free, then an empty update section whose trailer's /XRefStm points at qpdf's cross-reference
 * stream, which a PDF 1.5 reader consults before following /Prev to the main table.
 */
export async function makeHybridReferencePdf(): Promise<Buffer> {
  const pdf = await makeXrefStreamPdf();
  const file = PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
  const xrefStm = file.sections[0]!.offset;
  const entries = Array.from({ length: file.size }, (_, num) => file.entry(num));
  const objectStreams = new Set(entries.map((e) => (e?.type === 'compressed' ? e.stream : -1)));
  const rows = new Map<number, Row>([[0, { offset: 0, gen: 65535, free: true }]]);
  for (let num = 1; num < file.size; num++) {
    const e = entries[num];
    const hidden = e?.type !== 'offset' || e.offset === xrefStm || objectStreams.has(num);
    rows.set(num, hidden ? { offset: 0, gen: 0, free: true } : { offset: e.offset, gen: e.gen, free: false });
  }
  const body = pdf.subarray(0, pdf.lastIndexOf('startxref'));
  const root = file.trailer.get('Root') as PdfRef;
  const id = /\/ID\s*(\[[^\]]*\])/.exec(pdf.toString('latin1', xrefStm))?.[1] ?? '';
  const common = `/Size ${file.size} /Root ${root.num} ${root.gen} R /ID ${id}`;
  const main = `xref\n${xrefTable(rows)}trailer\n<< ${common} >>\nstartxref\n${body.length}\n%%EOF\n`;
  const updateAt = body.length + main.length;
  const update = `xref\n0 0\ntrailer\n<< ${common} /Prev ${body.length} /XRefStm ${xrefStm} >>\nstartxref\n${updateAt}\n%%EOF\n`;
  return Buffer.concat([body, Buffer.from(main + update, 'latin1')]);
}

/** A file that already has an incremental update (a new document information dictionary). */
export async function makeUpdatedPdf(opts: { xrefStream: boolean }): Promise<Buffer> {
  const pdf = opts.xrefStream ? await makeXrefStreamPdf() : await makePdfLibDoc({ pages: 2, objectStreams: false });
  const num = PdfFile.open(pdf, DEFAULT_PDF_LIMITS).size;
  return appendRevision(pdf, [{ num, body: '<< /Title (Updated once) /Producer (docseal test) >>' }], {
    xrefStream: opts.xrefStream,
    trailerExtra: `/Info ${num} 0 R`,
  });
}

export type StructureVariant = {
  readonly name: string;
  readonly make: () => Promise<Buffer>;
  /** Some object the update rewrites has a generation above 0. */
  readonly highGeneration?: boolean;
};

/** Every file structure the signer appends to, from the writers and layouts found in real files. */
export const STRUCTURE_VARIANTS: readonly StructureVariant[] = [
  { name: 'pdf-lib, object streams', make: () => makePdfLibDoc() },
  { name: 'pdf-lib, classic table', make: () => makePdfLibDoc({ objectStreams: false }) },
  { name: 'qpdf, classic table', make: () => makeClassicXrefPdf() },
  { name: 'qpdf, object streams', make: () => makeXrefStreamPdf() },
  { name: 'pdf-lib, AcroForm', make: () => makeAcroFormPdf() },
  { name: 'pdf-lib, rotated pages', make: () => makeRotatedMultiPagePdf() },
  { name: 'generation > 0, catalog, table', make: () => makeHighGenerationPdf({ xrefStream: false, form: false }), highGeneration: true },
  { name: 'generation > 0, catalog, xref stream', make: () => makeHighGenerationPdf({ xrefStream: true, form: false }), highGeneration: true },
  { name: 'generation > 0, AcroForm, table', make: () => makeHighGenerationPdf({ xrefStream: false, form: true }), highGeneration: true },
  { name: 'generation > 0, AcroForm, xref stream', make: () => makeHighGenerationPdf({ xrefStream: true, form: true }), highGeneration: true },
  { name: 'hybrid reference', make: () => makeHybridReferencePdf() },
  { name: 'qpdf linearized', make: () => makeLinearizedPdf({ objectStreams: false }) },
  { name: 'qpdf linearized, object streams', make: () => makeLinearizedPdf({ objectStreams: true }) },
  { name: 'mutool clean', make: () => makeMutoolCleanPdf() },
  { name: 'mutool clean -gggg -z', make: () => makeMutoolCleanPdf(['-gggg', '-z']) },
  { name: 'updated once, table', make: () => makeUpdatedPdf({ xrefStream: false }) },
  { name: 'updated once, xref stream', make: () => makeUpdatedPdf({ xrefStream: true }) },
];
