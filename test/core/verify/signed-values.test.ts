import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import type { SignResult } from '../../../src/core/sign/types.js';
import { finishReport, verifyPdf } from '../../../src/core/verify/verify-pdf.js';
import { respellGap, type GapSpelling } from '../../attacks/lib/respell-gap.js';
import { makePdfLibDoc } from '../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../../helpers/signing-setup.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const NOW = new Date(TEST_NOW.getTime() + 86_400_000);

/**
 * What a signature signed (the bytes its /ByteRange covers) is what the signer records and what the
 * verifier reports, and nothing written into the /Contents gap changes it.
 */
describe('the SHA-256 of the bytes a signature covers', () => {
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

  it('is what the signer returns: the digest it signed over the two ranges', () => {
    const [a, b, c, d] = result.byteRange;
    expect(result.sha256SignedRange).toBe(createHash('sha256').update(signed.subarray(a, a + b)).update(signed.subarray(c, c + d)).digest('hex'));
  });

  it('is what the verifier reports for the file as signed', () => {
    const report = reportOf(signed);
    expect(report.signatures.map((s) => [s.verdict, s.signedRangeSha256])).toEqual([['valid', result.sha256SignedRange]]);
  });

  it.each<GapSpelling>(['upper-case', 'padding-as-white-space', 'cms-moved'])('a gap re-spelled (%s) changes the file hash, not it', (spelling) => {
    const respelled = respellGap(signed, spelling);
    const report = reportOf(respelled);
    expect(report.sha256).not.toBe(sha256(signed));
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]).toMatchObject({ signedRangeSha256: result.sha256SignedRange });
  });

  it('stays the same when the gap holds no readable CMS at all', () => {
    const [, b, c] = result.byteRange;
    const zeroed = Buffer.from(signed);
    zeroed.fill('0', b + 1, c - 1);
    const sig = reportOf(zeroed).signatures[0]!;
    expect(sig.checks).toContainEqual(expect.objectContaining({ id: 'structure', status: 'failed', code: 'cms_malformed' }));
    expect(sig.signedRangeSha256).toBe(result.sha256SignedRange);
  });
});
