import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { PdfRef, PdfStream, dict, type PdfObject } from '../../src/core/pdf/objects.js';
import { locatePage, pageInfo } from '../../src/core/pdf/pages.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { serializeValue } from '../../src/core/pdf-write/serialize.js';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { appendRevision } from '../helpers/append-revision.js';
import { makePlainInput, qpdfEncrypt, type Encryption } from '../helpers/encrypted-fixtures.js';
import { makeOtherPki, type OtherPki } from '../helpers/other-pki.js';
import { signingKit, signRequestFor, TEST_NOW, type SigningKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runCapture, runOrThrow } from '../helpers/tool-run.js';
import { makeNssDb, runPdfsig } from '../helpers/verifiers.js';

/**
 * Encrypted inputs (qpdf, empty user password, owner restrictions) signed by docseal and checked by
 * poppler's pdfsig, qpdf and pyHanko, and by our verifier; an encrypted revision appended later is
 * still caught. pyHanko's own signature of an encrypted file is verified too.
 */
const VALIDATE = fileURLToPath(new URL('../helpers/pyhanko-validate.py', import.meta.url));
const PYHANKO_SIGN = fileURLToPath(new URL('../helpers/pyhanko-sign.py', import.meta.url));

let k: SigningKit;
let dir: string;
let nss: string;
let other: OtherPki;
let plain: Buffer;

beforeAll(async () => {
  k = await signingKit();
  dir = makeTempDir('docseal-encrypted-');
  other = makeOtherPki(dir);
  nss = join(dir, 'nss');
  runCapture('mkdir', ['-p', nss]);
  makeNssDb(nss, [k.rootPem, other.rootPem]);
  writeFileSync(join(dir, 'docseal-root.pem'), k.rootPem);
  plain = await makePlainInput();
});

afterAll(() => removeDir(dir));

function save(file: string, pdf: Buffer): string {
  const path = join(dir, file);
  writeFileSync(path, pdf);
  return path;
}

function verify(pdf: Buffer): VerificationReport {
  const anchors = [k.rootPem, other.rootPem].map((pem) => new X509Certificate(pem).raw);
  return finishReport(verifyPdf({ bytes: pdf, anchors, now: TEST_NOW }), []);
}

type PyHankoStatus = { field: string; intact: boolean; valid: boolean; trusted: boolean; coverage: string; modification: string };

function pyHankoValidate(path: string): PyHankoStatus[] {
  const out = runOrThrow('python3', [VALIDATE, path, join(dir, 'docseal-root.pem'), other.rootCertPath]);
  const { signatures } = JSON.parse(out) as { signatures: (PyHankoStatus & { modification_level: string | null })[] };
  return signatures.map((s) => ({ field: s.field, intact: s.intact, valid: s.valid, trusted: s.trusted, coverage: s.coverage, modification: String(s.modification_level) }));
}

/** What a reader with the password sees: qpdf decrypts, pdftotext extracts. */
function decryptedText(path: string): string {
  const clear = `${path}.clear.pdf`;
  runOrThrow('qpdf', ['--decrypt', path, clear]);
  return runOrThrow('pdftotext', [clear, '-']);
}

async function signed(enc: Buffer, id: string): Promise<{ pdf: Buffer; update: Buffer; field: string }> {
  const r = await signPdf(signRequestFor(k, 'demo', enc, id));
  return { pdf: Buffer.concat([r.original, r.update]), update: r.update, field: r.fieldName };
}

/**
 * A later revision an editor would write: page 1's text changed in its content stream, which is
 * stored encrypted with the document's key under its own object number (what every reader then shows).
 */
function replacePageContent(pdf: Buffer, from: string, to: string): Buffer {
  const file = PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
  const page = pageInfo(file, locatePage(file, 0).ref);
  const raw = page.dict.get('Contents');
  const ref = (Array.isArray(raw) ? raw[0] : raw) as PdfRef;
  const content = file.decode(file.resolve(ref) as PdfStream).toString('latin1');
  const hex = (t: string): string => Buffer.from(t, 'latin1').toString('hex').toUpperCase();
  expect(content).toContain(hex(from));
  const forged = new PdfStream(dict({}), Buffer.from(content.replace(hex(from), hex(to)), 'latin1'));
  const value = file.crypt!.encrypt(forged, ref, Buffer.from('forger'));
  return appendRevision(pdf, [{ num: ref.num, gen: ref.gen, body: serializeValue(value) }]);
}

const KINDS: Encryption[] = ['rc4-128', 'aes-128', 'aes-256'];

describe('signing encrypted PDFs that open without a password', () => {
  for (const kind of KINDS) {
    it(`${kind}: pdfsig, qpdf, pyHanko and our verifier accept it; the new objects are encrypted`, async () => {
      const enc = await qpdfEncrypt(plain, kind);
      const { pdf, update, field } = await signed(enc, `doc-enc-${kind}`);
      expect(pdf.subarray(0, enc.length).equals(enc)).toBe(true);
      const path = save(`${kind}.pdf`, pdf);

      // The update is encrypted: none of its strings or streams reads in clear, yet its trailer keeps
      // the document's /Encrypt and first /ID element, and readers decrypt it to what we wrote.
      const tail = update.toString('latin1');
      expect(tail).not.toContain(field);
      expect(tail).not.toContain('Certified true copy');
      const before = PdfFile.open(enc, DEFAULT_PDF_LIMITS);
      const after = PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
      expect(after.trailer.get('Encrypt')).toEqual(before.trailer.get('Encrypt'));
      expect((after.trailer.get('ID') as PdfObject[])[0]).toEqual((before.trailer.get('ID') as PdfObject[])[0]);

      const sig = runPdfsig(path, nss);
      expect(sig.signatures, sig.raw).toHaveLength(1);
      expect(sig.signatures[0]!.signatureValid, sig.raw).toBe(true);
      expect(sig.signatures[0]!.certificateStatus, sig.raw).toBe('trusted');
      expect(sig.signatures[0]!.totalDocumentSigned, sig.raw).toBe(true);

      const check = runCapture('qpdf', ['--check', path]);
      expect(check.exitCode, check.stdout + check.stderr).toBe(0);
      expect(check.stdout + check.stderr).not.toMatch(/WARNING/i);
      const text = decryptedText(path);
      expect(text).toContain('First page');
      expect(text).toContain('Signed by');
      expect(text).toContain(`doc-enc-${kind}`);

      expect(pyHankoValidate(path)).toEqual([
        { field, intact: true, valid: true, trusted: true, coverage: 'ENTIRE_FILE', modification: 'NONE' },
      ]);
      expect(verify(pdf).verdict).toBe('valid');
    });
  }

  it('an encrypted revision that changes page content after signing is modified, and readers do show it', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-256');
    const { pdf } = await signed(enc, 'doc-enc-forged');
    const forged = replacePageContent(pdf, 'First page', 'Forged page');
    expect(decryptedText(save('forged.pdf', forged))).toContain('Forged page');
    const report = verify(forged);
    expect(report.verdict).toBe('modified');
    expect(report.signatures[0]!.modifications.filter((m) => !m.allowed).map((m) => m.code)).toEqual(['object_changed']);
  });

  it('the analysis compares decrypted objects: an object written again under the same key is no change', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-128');
    const { pdf } = await signed(enc, 'doc-enc-rewrite');
    const file = PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
    const ref = file.trailer.get('Info') as PdfRef;
    const again = file.crypt!.encrypt(file.getObject(ref.num)!, ref, Buffer.from('another update'));
    const rewritten = appendRevision(pdf, [{ num: ref.num, gen: ref.gen, body: serializeValue(again) }]);
    // The title's ciphertext is new (another IV): only its decryption is the same.
    const title = /\/Title <([0-9a-f]+)>/.exec(rewritten.subarray(pdf.length).toString('latin1'))![1]!;
    expect(pdf.toString('latin1').toLowerCase()).not.toContain(title);
    const report = verify(rewritten);
    expect(report.signatures[0]!.modifications.map((m) => [m.code, m.allowed])).toEqual([['identical_rewrite', true]]);
    expect(report.verdict).toBe('valid');
  });

  it('a revision that drops /Encrypt (every signed string and stream then reads differently) is modified', async () => {
    const enc = await qpdfEncrypt(plain, 'rc4-128');
    const { pdf } = await signed(enc, 'doc-enc-dropped');
    const report = verify(appendRevision(pdf, [], { trailerExtra: '/Encrypt null' }));
    expect(report.verdict).toBe('modified');
    expect(report.signatures[0]!.modifications.map((m) => m.code)).toContain('encryption_changed');
  });

  it('a file that needs a user password is refused with encrypted_pdf', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-256', { user: 'secret' });
    await expect(signPdf(signRequestFor(k, 'demo', enc, 'doc-enc-locked'))).rejects.toMatchObject({ code: 'encrypted_pdf' });
  });

  it('pyHanko signs an encrypted file; we verify it, countersign it, and both signatures stay valid', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-256', { objectStreams: true });
    const input = save('pyhanko-in.pdf', enc);
    const output = join(dir, 'pyhanko-out.pdf');
    runOrThrow('python3', [PYHANKO_SIGN, input, output, other.signerKeyPath, other.signerCertPath, other.rootCertPath, 'OtherSig']);
    const theirs = readFileSync(output);
    expect(verify(theirs).verdict).toBe('valid');
    const { pdf, field } = await signed(theirs, 'doc-enc-countersigned');
    const path = save('countersigned.pdf', pdf);
    const report = verify(pdf);
    expect(report.verdict).toBe('valid');
    expect(report.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    const sig = runPdfsig(path, nss);
    expect(sig.signatures.map((s) => s.signatureValid), sig.raw).toEqual([true, true]);
    const statuses = pyHankoValidate(path);
    expect(statuses.map((s) => [s.field, s.intact, s.valid, s.trusted])).toEqual([['OtherSig', true, true, true], [field, true, true, true]]);
    expect(runCapture('qpdf', ['--check', path]).exitCode).toBe(0);
  });
});

