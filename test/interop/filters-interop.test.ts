import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { SignResult } from '../../src/core/sign/types.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { ENCODINGS, makeFilteredPdf, type FilteredPdfSpec } from '../helpers/filtered-pdfs.js';
import { makeReportLabPdf } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW, type SigningKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runCapture } from '../helpers/tool-run.js';
import { makeNssDb, runPdfsig } from '../helpers/verifiers.js';

/**
 * Files whose streams use the filters real producers write (ISO 32000-1 §7.4) are signed, and the
 * result is checked by qpdf, by poppler's pdfsig and by our own verifier, which has to read the
 * original's object and cross-reference streams through the same filters.
 */
let k: SigningKit;
let dir: string;
let nss: string;

beforeAll(async () => {
  k = await signingKit();
  dir = makeTempDir('docseal-filters-');
  nss = join(dir, 'nss');
  mkdirSync(nss);
  makeNssDb(nss, [k.rootPem]);
});

afterAll(() => removeDir(dir));

type Box = readonly [number, number, number, number];
const IMAGE_BOX: Box = [380, 60, 540, 220];
const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

async function signAndCheck(name: string, original: Buffer): Promise<SignResult> {
  const r = await signPdf(signRequestFor(k, 'demo', original, `FILTER-${name}`));
  const signed = Buffer.concat([r.original, r.update]);
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, signed);
  const qpdf = runCapture('qpdf', ['--check', path]);
  expect(qpdf.stdout + qpdf.stderr, 'qpdf --check').not.toMatch(/WARNING|reconstruct/i);
  expect(qpdf.exitCode).toBe(0);
  const sig = runPdfsig(path, nss);
  expect(sig.signatures, sig.raw).toHaveLength(1);
  expect(sig.signatures[0], sig.raw).toMatchObject({ signatureValid: true, certificateStatus: 'trusted', totalDocumentSigned: true });
  const anchors = [Buffer.from(new X509Certificate(k.rootPem).raw)];
  const report = finishReport(verifyPdf({ bytes: signed, anchors, now: TEST_NOW }), []);
  expect(report.verdict, JSON.stringify(report.signatures.map((s) => s.checks.filter((c) => c.status !== 'passed')))).toBe('valid');
  return r;
}

const E = ENCODINGS;
const specs: [string, FilteredPdfSpec][] = [
  ['ascii85-flate', { content: E.ascii85Flate, objects: E.ascii85Flate, xref: E.ascii85FlatePng }],
  ['lzw', { content: E.lzw, objects: E.lzwEarly0, xref: E.lzwPng }],
  ['flate-png-predictor', { content: E.flate, objects: E.flate, xref: E.flatePng }],
  ['hex-runlength', { content: E.hexRunLength, objects: E.hexRunLength, xref: E.hexRunLength }],
];

describe('signing files written with every general filter', () => {
  it.each(specs)('%s: content, object and cross-reference streams read, signed, and valid for qpdf, pdfsig and us', async (name, spec) => {
    const original = makeFilteredPdf(spec);
    // Our reader sees the page through the object stream and the cross-reference stream.
    const file = PdfFile.open(original, DEFAULT_PDF_LIMITS);
    expect(file.catalog().get('Pages')).toBeDefined();
    const r = await signAndCheck(name, original);
    // The JPEG in the bottom-right corner counts by its drawn box: the seal stays off it.
    expect(overlaps(r.rect, IMAGE_BOX), `seal ${r.rect.join(' ')}`).toBe(false);
  });

  it('places the seal where the JPEG would be when the image is elsewhere: the image, not the filter, moved it', async () => {
    const r = await signPdf(signRequestFor(k, 'demo', makeFilteredPdf(specs[0]![1], [60, 500, 220, 660]), 'FILTER-control'));
    expect(overlaps(r.rect, IMAGE_BOX), `seal ${r.rect.join(' ')}`).toBe(true);
  });

  it("ReportLab's default output (ASCII85 over Flate) signs, and the seal stays off its text", async () => {
    const original = await makeReportLabPdf();
    expect(original.toString('latin1')).toMatch(/\/Filter \[ \/ASCII85Decode \/FlateDecode \]/);
    const r = await signAndCheck('reportlab', original);
    // Twelve lines of 10 pt text, baselines 40 to 194: the last line's glyphs reach about 202.
    const footer: Box = [330, 36, 595, 40 + 11 * 14 + 8];
    expect(overlaps(r.rect, footer), `seal ${r.rect.join(' ')}`).toBe(false);
  });
});
