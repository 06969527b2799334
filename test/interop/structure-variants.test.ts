import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { signingKit, signRequestFor, type SigningKit } from '../helpers/signing-setup.js';
import { STRUCTURE_VARIANTS } from '../helpers/structure-fixtures.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';
import { makeNssDb, mutoolComplaints, runMutoolVerify, runPdfsig, runQpdfCheck } from '../helpers/verifiers.js';

/**
 * Whatever structure the upload has (its writer, generations, hybrid or linearized layout, earlier
 * updates), the signed file must read as written by qpdf, poppler and MuPDF: qpdf repairs a wrong
 * cross-reference row silently apart from a WARNING line, so exit 0 alone does not prove it.
 */
let k: SigningKit;
let dir: string;
let nss: string;

beforeAll(async () => {
  k = await signingKit();
  dir = makeTempDir('docseal-structure-');
  nss = join(dir, 'nss');
  mkdirSync(nss);
  makeNssDb(nss, [k.rootPem]);
});

afterAll(() => removeDir(dir));

/** Objects the update writes at a generation above 0, with the generation its xref row gives each. */
function highGenerationRows(signed: Buffer, originalLength: number): { num: number; gen: number; row: number | undefined }[] {
  const file = PdfFile.open(signed, DEFAULT_PDF_LIMITS);
  return [...signed.toString('latin1', originalLength).matchAll(/^(\d+) (\d+) obj\b/gm)]
    .map((m) => ({ num: Number(m[1]), gen: Number(m[2]) }))
    .filter((o) => o.gen > 0)
    .map((o) => {
      const e = file.entry(o.num);
      return { ...o, row: e?.type === 'offset' ? e.gen : undefined };
    });
}

describe('every input structure signs into a file qpdf, pdfsig and mutool read without complaint', () => {
  it.each(STRUCTURE_VARIANTS.map((v) => [v.name, v] as const))('%s', async (name, variant) => {
    const original = await variant.make();
    const slug = name.replace(/[^a-z0-9]+/gi, '-');
    const input = join(dir, `${slug}-in.pdf`);
    writeFileSync(input, original);
    // The fixture itself must be clean, or a warning below could be the input's, not ours.
    expect(runQpdfCheck(input).warnings, 'input').toEqual([]);

    const r = await signPdf(signRequestFor(k, 'demo', original, `doc-${slug}`));
    const signed = Buffer.concat([r.original, r.update]);
    const path = join(dir, `${slug}.pdf`);
    writeFileSync(path, signed);

    const qpdf = runQpdfCheck(path);
    expect(qpdf.exitCode, qpdf.raw).toBe(0);
    expect(qpdf.warnings, qpdf.raw).toEqual([]);

    const sig = runPdfsig(path, nss);
    expect(sig.signatures, sig.raw).toHaveLength(1);
    expect(sig.signatures[0]!.signatureValid, sig.raw).toBe(true);
    expect(sig.signatures[0]!.certificateStatus, sig.raw).toBe('trusted');
    expect(sig.signatures[0]!.totalDocumentSigned, sig.raw).toBe(true);

    const mu = runMutoolVerify(path);
    expect(mu.signatures, mu.raw).toHaveLength(1);
    expect(mu.signatures[0]!.ok, mu.raw).toBe(true);
    expect(mu.signatures[0]!.editsSinceSigning, mu.raw).toBe(false);
    expect(mutoolComplaints(path)).toBe('');

    if (variant.highGeneration) {
      const rows = highGenerationRows(signed, original.length);
      expect(rows.length, 'the update rewrites an object of generation > 0').toBeGreaterThan(0);
      for (const o of rows) expect(o.row, `xref row of ${o.num} ${o.gen} obj`).toBe(o.gen);
    }
  });
});
