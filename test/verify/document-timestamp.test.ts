import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { makeIndependentPki, type IndependentPki } from '../helpers/other-pki.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, type SigningKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runOrThrow } from '../helpers/tool-run.js';

const SCRIPT = fileURLToPath(new URL('../helpers/pyhanko-doc-timestamp.py', import.meta.url));

/** PAdES document timestamps (B-LTA) made by pyHanko after our signature: verified as RFC 3161 tokens over their ByteRange. */
describe('a document timestamp added by pyHanko after our signature', () => {
  let dir: string;
  let k: SigningKit;
  let pki: IndependentPki;
  let stamped: Buffer;

  beforeAll(async () => {
    dir = makeTempDir('docseal-docts-');
    k = await signingKit();
    pki = makeIndependentPki(dir);
    const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), 'DOCTS', { signingTime: new Date() }));
    writeFileSync(join(dir, 'signed.pdf'), Buffer.concat([r.original, r.update]));
    runOrThrow('python3', [SCRIPT, join(dir, 'signed.pdf'), join(dir, 'stamped.pdf'), pki.tsa.keyPath, pki.tsa.certPath, pki.intermediate.certPath]);
    stamped = readFileSync(join(dir, 'stamped.pdf'));
  }, 120_000);
  afterAll(() => removeDir(dir));

  const anchorsOf = (...pems: string[]) => pems.map((p) => new X509Certificate(p).raw);

  it('is valid when the TSA chains to an anchor, and our signature sees only an allowed change', () => {
    const report = finishReport(verifyPdf({ bytes: stamped, anchors: anchorsOf(k.rootPem, pki.root.certPem), now: new Date() }), []);
    expect(report.verdict).toBe('valid');
    const [ours, ts] = report.signatures;
    expect(ours!.modifications.map((m) => m.code)).toContain('document_timestamp_added');
    expect(ts!.checks.find((c) => c.id === 'timestamp')).toMatchObject({ status: 'passed', code: 'timestamp_valid' });
    expect(ts!.coversWholeFile).toBe(true);
  });

  it('is valid-untrusted when the TSA is not trusted', () => {
    const report = finishReport(verifyPdf({ bytes: stamped, anchors: anchorsOf(k.rootPem), now: new Date() }), []);
    expect(report.verdict).toBe('valid-untrusted');
  });

  it('is invalid when a byte it covers changes', () => {
    const tampered = Buffer.from(stamped);
    tampered[20] = tampered[20]! ^ 0x01;
    const report = finishReport(verifyPdf({ bytes: tampered, anchors: anchorsOf(k.rootPem, pki.root.certPem), now: new Date() }), []);
    expect(report.verdict).toBe('invalid');
  });
});
