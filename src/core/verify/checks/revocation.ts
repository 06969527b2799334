import { summarize, type CertificateFacts } from '../certificate-facts.js';
import { crlSignedBy, readCrl, type CrlFacts } from '../crl.js';
import type { Check } from '../report.js';

const ID = 'trust.revocation';

type Status = { kind: 'revoked' | 'revoked_later'; date: Date } | { kind: 'good' | 'unknown' };

function readable(crls: readonly Buffer[]): CrlFacts[] {
  return crls.flatMap((der) => {
    try {
      return [readCrl(der)];
    } catch {
      return [];
    }
  });
}

/** The newest CRL `issuer` signed for `cert` that had been issued by `now` (RFC 5280 §6.3.3 (a), (f)). */
function crlFor(cert: CertificateFacts, issuer: CertificateFacts, crls: readonly CrlFacts[], now: Date): CrlFacts | undefined {
  let newest: CrlFacts | undefined;
  for (const crl of crls) {
    if (!crl.issuer.equals(cert.issuer) || crl.thisUpdate > now) continue;
    if (newest && newest.thisUpdate >= crl.thisUpdate) continue;
    if (crlSignedBy(crl, issuer)) newest = crl;
  }
  return newest;
}

function statusOf(cert: CertificateFacts, crl: CrlFacts | undefined, at: Date): Status {
  if (!crl) return { kind: 'unknown' };
  const date = crl.revoked.get(cert.serialNumber.toString('hex'));
  if (!date) return { kind: 'good' };
  return { kind: date <= at ? 'revoked' : 'revoked_later', date };
}

/**
 * Revocation of every certificate in the path whose issuer is in it too, from the CRLs we hold and
 * those the file embeds. Revoked at or before `at` fails. Revoked after `at` passes when `at` is a
 * proven time (EN 319 102-1 §5.6.2.4, past signature validation: the signature existed before the
 * revocation); when `at` is only claimed it is a warning. A certificate no CRL covers is not checked.
 */
export function checkRevocation(path: readonly CertificateFacts[], crlDers: readonly Buffer[], at: Date, now: Date, proven = false): Check {
  const crls = readable(crlDers);
  const unchecked: string[] = [];
  let later: Check | undefined;
  for (let i = 0; i < Math.max(path.length - 1, 1); i++) {
    const cert = path[i]!;
    const issuer = path[i + 1];
    const status = statusOf(cert, issuer && crlFor(cert, issuer, crls, now), at);
    const subject = summarize(cert).subject;
    if (status.kind === 'revoked' || status.kind === 'revoked_later') {
      const params = { subject, date: status.date.toISOString() };
      if (status.kind === 'revoked') return { id: ID, status: 'failed', code: 'certificate_revoked', params };
      later ??= proven
        ? { id: ID, status: 'passed', code: 'certificate_revoked_after_proven_time', params }
        : { id: ID, status: 'warning', code: 'certificate_revoked_later', params };
    }
    if (status.kind === 'unknown') unchecked.push(subject);
  }
  if (later) return later;
  if (unchecked.length > 0) return { id: ID, status: 'info', code: 'revocation_not_checked', params: { subjects: unchecked } };
  return { id: ID, status: 'passed', code: 'not_revoked' };
}
