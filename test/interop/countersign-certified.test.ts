import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { SignRequest, SignResult } from '../../src/core/sign/types.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { makeOtherPki, type OtherPki } from '../helpers/other-pki.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, type SigningKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runCapture, runOrThrow } from '../helpers/tool-run.js';
import { makeNssDb, runPdfsig } from '../helpers/verifiers.js';

/**
 * Countersigning documents pyHanko certified (DocMDP P=1, 2, 3; ISO 32000-1 §12.8.2.2), judged by
 * pyHanko's own default difference analysis, by our verifier, by pdfsig and by qpdf. pyHanko accepts
 * a signature after a P=2 certification in a field that existed before it, or in a new field that
 * draws nothing; it judges a new visible field a modification the certification does not permit.
 */
const HELPERS = fileURLToPath(new URL('../helpers/', import.meta.url));
const PREPARED_BOX = ['300', '40', '550', '140'];

type PyHankoSignature = {
  field: string;
  intact: boolean;
  valid: boolean;
  trusted: boolean;
  coverage: string;
  modification_level: string | null;
  docmdp_ok: boolean | null;
  docmdp_level: string | null;
  bottom_line: boolean;
  diff_error: string | null;
  details: string;
};

let kit: SigningKit;
let dir: string;
let certifier: OtherPki;
let ourRootPath: string;
let nss: string;
let base: Buffer;

beforeAll(async () => {
  kit = await signingKit();
  dir = makeTempDir('docseal-countersign-');
  certifier = makeOtherPki(dir);
  ourRootPath = join(dir, 'docseal-root.pem');
  writeFileSync(ourRootPath, kit.rootPem);
  nss = join(dir, 'nss');
  runCapture('mkdir', ['-p', nss]);
  makeNssDb(nss, [kit.rootPem, certifier.rootPem]);
  base = await makePdfLibDoc({ pages: 1 });
});

afterAll(() => removeDir(dir));

/**
 * pyHanko certifies `name` at level `p`, after adding an empty signature field with `box` when given;
 * `lock` names a field the certification's FieldMDP locks (§12.8.2.4).
 */
function certify(name: string, p: 1 | 2 | 3, box?: readonly string[], lock?: string): Buffer {
  let input = join(dir, `${name}-base.pdf`);
  writeFileSync(input, base);
  if (box) {
    const prepared = join(dir, `${name}-prepared.pdf`);
    runOrThrow('python3', [join(HELPERS, 'pyhanko-add-field.py'), input, prepared, 'Countersign', ...box]);
    input = prepared;
  }
  const out = join(dir, `${name}-certified.pdf`);
  runOrThrow('python3', [
    join(HELPERS, 'pyhanko-certify.py'), input, out, certifier.signerKeyPath, certifier.signerCertPath, certifier.rootCertPath, 'Certification', String(p),
    ...(lock ? [lock] : []),
  ]);
  return readFileSync(out);
}

async function countersign(certifiedPdf: Buffer, id: string, extra: Partial<SignRequest> = {}): Promise<SignResult> {
  return signPdf(signRequestFor(kit, 'demo', certifiedPdf, id, extra));
}

type Judged = { path: string; pyhanko: PyHankoSignature[]; ours: VerificationReport };

/** The signed file on disk, and what pyHanko and our verifier make of it. */
function judge(name: string, r: SignResult): Judged {
  const path = join(dir, `${name}-countersigned.pdf`);
  const bytes = Buffer.concat([r.original, r.update]);
  writeFileSync(path, bytes);
  // pyHanko logs the difference analysis' refusal on stderr; the JSON on stdout says it too.
  const out = runCapture('python3', [join(HELPERS, 'pyhanko-validate.py'), path, certifier.rootCertPath, ourRootPath]);
  expect(out.exitCode, out.stderr).toBe(0);
  const pyhanko = (JSON.parse(out.stdout) as { signatures: PyHankoSignature[] }).signatures;
  // The certifier's certificates from openssl start at the real time of the run, so we check at it too.
  const anchors = [kit.rootPem, certifier.rootPem].map((pem) => new X509Certificate(pem).raw);
  const ours = finishReport(verifyPdf({ bytes, anchors, now: new Date() }), []);
  return { path, pyhanko, ours };
}

function pyhankoOf(j: Judged, field: string): PyHankoSignature {
  const s = j.pyhanko.find((x) => x.field === field);
  if (!s) throw new Error(`pyHanko found no signature in ${field}: ${JSON.stringify(j.pyhanko.map((x) => x.field))}`);
  return s;
}

/** Both signatures cryptographically sound and trusted, for pyHanko and for pdfsig; qpdf finds nothing to repair. */
function expectSoundFile(j: Judged, countersignature: string): void {
  for (const s of j.pyhanko) {
    expect({ field: s.field, intact: s.intact, valid: s.valid, trusted: s.trusted }).toEqual({ field: s.field, intact: true, valid: true, trusted: true });
  }
  expect(pyhankoOf(j, countersignature)).toMatchObject({ coverage: 'ENTIRE_FILE', bottom_line: true });
  const qpdf = runCapture('qpdf', ['--check', j.path]);
  expect(qpdf.exitCode, qpdf.stdout + qpdf.stderr).toBe(0);
  expect(qpdf.stdout + qpdf.stderr).not.toMatch(/WARNING/i);
  const sig = runPdfsig(j.path, nss);
  // pdfsig lists the signatures in /Fields order: a prepared field comes before the certification's.
  expect(sig.signatures.map((s) => s.fieldName).sort(), sig.raw).toEqual(['Certification', countersignature].sort());
  for (const s of sig.signatures) {
    expect(s.signatureValid, sig.raw).toBe(true);
    expect(s.certificateStatus, sig.raw).toBe('trusted');
    expect(s.totalDocumentSigned, sig.raw).toBe(s.fieldName === countersignature);
  }
}

/** pyHanko finds the modifications after the certification permitted: form filling at most, DocMDP honoured. */
function expectPyHankoAccepts(j: Judged): void {
  const cert = pyhankoOf(j, 'Certification');
  expect(cert.diff_error, cert.details).toBeNull();
  expect(cert, cert.details).toMatchObject({ coverage: 'ENTIRE_REVISION', docmdp_ok: true, bottom_line: true });
  expect(['LTA_UPDATES', 'FORM_FILLING']).toContain(cert.modification_level);
}

/** Our verifier: valid, and the certification's later changes all allowed. */
function expectOursValid(j: Judged, permission: 2 | 3): void {
  expect(j.ours.verdict).toBe('valid');
  const cert = j.ours.signatures.find((s) => s.fieldName === 'Certification')!;
  expect(cert.certification).toEqual({ permission });
  expect(cert.modifications.filter((m) => !m.allowed)).toEqual([]);
}

describe('countersigning a document pyHanko certified', () => {
  it('refuses P=1 (no changes permitted), as before', async () => {
    await expect(countersign(certify('p1', 1), 'CS-P1')).rejects.toMatchObject({ code: 'unsupported_pdf' });
  });

  it('P=2 with a prepared empty field: signs into it; pyHanko finds no suspicious modification', async () => {
    const r = await countersign(certify('p2-field', 2, PREPARED_BOX), 'CS-P2F');
    expect(r.fieldName).toBe('Countersign');
    expect(r.rect).toEqual([300, 40, 550, 140]);
    expect(r.warnings.map((w) => w.code)).not.toContain('new_field_after_certification');
    const j = judge('p2-field', r);
    expectSoundFile(j, 'Countersign');
    expectPyHankoAccepts(j);
    expect(pyhankoOf(j, 'Certification').modification_level).toBe('FORM_FILLING');
    expectOursValid(j, 2);
    const cert = j.ours.signatures.find((s) => s.fieldName === 'Certification')!;
    expect(cert.modifications.map((m) => m.code)).toContain('signature_field_signed');
  });

  it('P=2 with a prepared field the certification locks: leaves it empty and adds a field of its own, with the warning', async () => {
    const r = await countersign(certify('p2-locked', 2, PREPARED_BOX, 'Countersign'), 'CS-P2L');
    expect(r.fieldName).not.toBe('Countersign');
    expect(r.warnings.map((w) => w.code)).toContain('new_field_after_certification');
    const j = judge('p2-locked', r);
    expect(pyhankoOf(j, r.fieldName)).toMatchObject({ intact: true, valid: true, trusted: true, coverage: 'ENTIRE_FILE' });
    const qpdf = runCapture('qpdf', ['--check', j.path]);
    expect(qpdf.exitCode, qpdf.stdout + qpdf.stderr).toBe(0);
    expect(j.ours.verdict).toBe('valid');
    expect(j.ours.signatures.find((s) => s.fieldName === 'Certification')!.modifications.map((m) => m.code)).not.toContain('locked_field_changed');
  });

  it('P=2 without a field: adds a visible field with the warning, which pyHanko bears out', async () => {
    const r = await countersign(certify('p2-new', 2), 'CS-P2N');
    expect(r.warnings.map((w) => w.code)).toContain('new_field_after_certification');
    const j = judge('p2-new', r);
    expectSoundFile(j, r.fieldName);
    const cert = pyhankoOf(j, 'Certification');
    expect(cert.docmdp_ok).toBe(false);
    expect(cert.diff_error).toMatch(/only allowed after an approval signature, not a certification signature/);
    // Our verifier allows a signature that paints over nothing the certifier signed.
    expectOursValid(j, 2);
  });

  it('P=2 without a field, seal=none: an invisible signature pyHanko accepts', async () => {
    const r = await countersign(certify('p2-none', 2), 'CS-P2I', { invisible: true });
    expect(r.warnings.map((w) => w.code)).not.toContain('new_field_after_certification');
    expect(r.rect).toEqual([0, 0, 0, 0]);
    const j = judge('p2-none', r);
    expectSoundFile(j, r.fieldName);
    expectPyHankoAccepts(j);
    expectOursValid(j, 2);
  });

  it('P=3 with a prepared empty field: signs into it; pyHanko accepts', async () => {
    const r = await countersign(certify('p3-field', 3, PREPARED_BOX), 'CS-P3F');
    expect(r.fieldName).toBe('Countersign');
    const j = judge('p3-field', r);
    expectSoundFile(j, 'Countersign');
    expectPyHankoAccepts(j);
    expect(pyhankoOf(j, 'Certification').docmdp_level).toBe('ANNOTATE');
    expectOursValid(j, 3);
  });

  it('P=3 without a field: adds a visible field with the warning', async () => {
    const r = await countersign(certify('p3-new', 3), 'CS-P3N');
    expect(r.warnings.map((w) => w.code)).toContain('new_field_after_certification');
    const j = judge('p3-new', r);
    expectSoundFile(j, r.fieldName);
    expect(pyhankoOf(j, 'Certification').docmdp_ok).toBe(false);
    expectOursValid(j, 3);
  });

  it('P=2 with a prepared invisible field: signs into it unseen, and pyHanko accepts', async () => {
    const r = await countersign(certify('p2-unseen', 2, ['0', '0', '0', '0']), 'CS-P2U');
    expect(r.fieldName).toBe('Countersign');
    expect(r.warnings.map((w) => w.code)).toContain('seal_not_shown');
    const j = judge('p2-unseen', r);
    expectSoundFile(j, 'Countersign');
    expectPyHankoAccepts(j);
    expectOursValid(j, 2);
  });
});
