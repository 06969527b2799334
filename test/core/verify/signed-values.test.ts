import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import type { SignResult } from '../../../src/core/sign/types.js';
import { finishReport, verifyPdf } from '../../../src/core/verify/verify-pdf.js';
import { respellGap, type GapSpelling } from '../../attacks/lib/respell-gap.js';
import { readCmsParts } from '../../helpers/cms-forge.js';
import { makePdfLibDoc } from '../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../../helpers/signing-setup.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const NOW = new Date(TEST_NOW.getTime() + 86_400_000);

/**
 * What a signature signed (message digest over /ByteRange, signature value) is what the signer
 * records and what the verifier reports, and no spelling of the /Contents gap changes it.
 */
describe('the message digest and signature value of a signature', () => {
  let result: SignResult;
  let signed: Buffer;
  let anchors: Buffer[];

  const reportOf = (bytes: Buffer) => finishReport(verifyPdf({ bytes, anchors, now: NOW }), []);

  beforeAll(async () => {
    const kit = await signingKit();
    result = await signPdf(signRequestFor(kit, 'demo', await makePdfLibDoc({ objectStreams: false }), 'SV-1'));
    signed = Buffer.concat([result.original, result.update]);
    anchors = [Buffer.from(new X509Certificate(kit.rootPem).raw)];
  });

  it('the signer returns them as the CMS it wrote holds them', () => {
    const [a, b, c, d] = result.byteRange;
    expect(result.messageDigest).toBe(createHash('sha256').update(signed.subarray(a, a + b)).update(signed.subarray(c, c + d)).digest('hex'));
    const contents = Buffer.from(signed.subarray(b + 1, c - 1).toString('latin1'), 'hex');
    expect(result.signatureValueSha256).toBe(sha256(Buffer.from(readCmsParts(contents).signature)));
  });

  it('the verifier reports the same values for the file as signed', () => {
    const report = reportOf(signed);
    expect(report.signatures.map((s) => [s.verdict, s.messageDigest, s.signatureValueSha256])).toEqual([
      ['valid', result.messageDigest, result.signatureValueSha256],
    ]);
  });

  it.each<GapSpelling>(['upper-case', 'padding-as-white-space', 'cms-moved'])('a gap re-spelled (%s) changes the file hash, not them', (spelling) => {
    const respelled = respellGap(signed, spelling);
    const report = reportOf(respelled);
    expect(report.sha256).not.toBe(sha256(signed));
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]).toMatchObject({ messageDigest: result.messageDigest, signatureValueSha256: result.signatureValueSha256 });
  });

  it('are absent when the CMS cannot be read', () => {
    const [, b, c] = result.byteRange;
    const zeroed = Buffer.from(signed);
    zeroed.fill('0', b + 1, c - 1);
    const sig = reportOf(zeroed).signatures[0]!;
    expect(sig.checks).toContainEqual(expect.objectContaining({ id: 'structure', status: 'failed', code: 'cms_malformed' }));
    expect({ messageDigest: sig.messageDigest, signatureValueSha256: sig.signatureValueSha256 }).toEqual({ messageDigest: undefined, signatureValueSha256: undefined });
  });
});
