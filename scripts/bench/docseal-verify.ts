import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { loadTrustMaterial, type TrustMaterial } from '../../src/keys/trust-store.js';

/** What the service loads at start: the anchors under `<certs dir>/trust/` (the dev root) as DER. */
export function loadBenchTrust(certsDir: string): Promise<TrustMaterial> {
  return loadTrustMaterial(certsDir, []);
}

/**
 * The verifier's work on one file, as the verify route runs it: facts and checks, then the verdict.
 * The registry lookup is a database query outside the core and outside this benchmark: no entries.
 */
export function verdictOf(bytes: Buffer, trust: TrustMaterial, now: Date): VerificationReport['verdict'] {
  return finishReport(verifyPdf({ bytes, anchors: trust.anchors, crls: trust.crls, now }), []).verdict;
}
