import { X509Certificate } from 'node:crypto';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../helpers/signing-setup.js';

/**
 * A document signed by docseal, then changed inside the signed range: one byte of the binary
 * comment after the header (ISO 32000-1 §7.5.2), so the file still parses and only the digest fails.
 */
export async function tamperedReport(): Promise<VerificationReport> {
  const k = await signingKit();
  const signed = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), 'doc-tampered'));
  const bytes = Buffer.concat([signed.original, signed.update]);
  const at = bytes.indexOf('\n%', 0, 'latin1') + 2;
  bytes[at] = bytes[at]! ^ 0x01;
  const anchors = [new X509Certificate(k.rootPem).raw];
  return finishReport(verifyPdf({ bytes, anchors, now: TEST_NOW }), []);
}
