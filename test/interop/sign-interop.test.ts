import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { SignResult } from '../../src/core/sign/types.js';
import {
  makeAcroFormPdf,
  makeClassicXrefPdf,
  makeOtherSignerPdf,
  makePdfLibDoc,
  makeRotatedMultiPagePdf,
  makeXrefStreamPdf,
} from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, type SigningKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runCapture } from '../helpers/tool-run.js';
import { makeNssDb, runMutoolVerify, runPdfsig, runQpdfCheck } from '../helpers/verifiers.js';

/**
 * Every signed output is checked by two independent verifiers: poppler's pdfsig (NSS, with our root
 * trusted) and MuPDF's mutool; and its first bytes must equal the upload byte for byte.
 */
let k: SigningKit;
let dir: string;
let nss: string;
let otherRootPem: string;
let otherPdf: Buffer;

beforeAll(async () => {
  k = await signingKit();
  dir = makeTempDir('docseal-interop-');
  const other = await makeOtherSignerPdf(dir);
  otherRootPem = other.rootPem;
  otherPdf = other.pdf;
  nss = join(dir, 'nss');
  runCapture('mkdir', ['-p', nss]);
  makeNssDb(nss, [k.rootPem, otherRootPem]);
});

afterAll(() => removeDir(dir));

function signedBytes(r: SignResult): Buffer {
  return Buffer.concat([r.original, r.update]);
}

function checkIndependently(name: string, original: Buffer, r: SignResult, expectedSignatures: number): void {
  const out = signedBytes(r);
  expect(out.subarray(0, original.length).equals(original)).toBe(true);
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, out);
  const qpdf = runQpdfCheck(path);
  expect(qpdf.exitCode, qpdf.raw).toBe(0);
  expect(qpdf.warnings, qpdf.raw).toEqual([]);

  const sig = runPdfsig(path, nss);
  expect(sig.signatures, sig.raw).toHaveLength(expectedSignatures);
  for (const s of sig.signatures) {
    expect(s.signatureValid, sig.raw).toBe(true);
    expect(s.certificateStatus, sig.raw).toBe('trusted');
  }
  const last = sig.signatures[sig.signatures.length - 1]!;
  expect(last.totalDocumentSigned, sig.raw).toBe(true);
  expect(last.fieldName).toBe(r.fieldName);

  const mu = runMutoolVerify(path);
  expect(mu.signatures, mu.raw).toHaveLength(expectedSignatures);
  for (const s of mu.signatures) expect(s.ok, mu.raw).toBe(true);
  expect(mu.signatures[mu.signatures.length - 1]!.editsSinceSigning, mu.raw).toBe(false);
}

describe('signing, checked by pdfsig and mutool', () => {
  const cases: [string, () => Promise<Buffer>][] = [
    ['pdf-lib', () => makePdfLibDoc()],
    ['classic-xref', () => makeClassicXrefPdf()],
    ['xref-stream', () => makeXrefStreamPdf()],
    ['acroform', () => makeAcroFormPdf()],
    ['rotated-multipage', () => makeRotatedMultiPagePdf()],
  ];
  for (const code of ['demo', 'demo-ec']) {
    it.each(cases)(`%s (${code})`, async (name, make) => {
      const original = await make();
      const r = await signPdf(signRequestFor(k, code, original, `doc-${name}-${code}`));
      checkIndependently(`${name}-${code}`, original, r, 1);
    });
  }

  it('keeps a signature made by pyHanko valid, and adds ours', async () => {
    const r = await signPdf(signRequestFor(k, 'demo', otherPdf, 'doc-countersign'));
    checkIndependently('countersigned', otherPdf, r, 2);
    expect(r.fieldName).not.toBe('OtherSig');
  });

  it('signs twice: a second department countersigns our own signature', async () => {
    const first = await signPdf(signRequestFor(k, 'demo', await makeXrefStreamPdf(), 'doc-twice'));
    const once = signedBytes(first);
    const second = await signPdf(signRequestFor(k, 'demo-ec', once, 'doc-twice'));
    expect(second.fieldName).not.toBe(first.fieldName);
    checkIndependently('twice', once, second, 2);
  });
});
