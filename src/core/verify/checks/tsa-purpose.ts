import { readChildrenAtMost, readObjectIdentifier, readTlv } from '../../cms/der.js';
import { OID } from '../../cms/oids.js';
import { EXTENSION } from '../certificate-extensions.js';
import type { CertificateFacts } from '../certificate-facts.js';

const MAX_PURPOSES = 32;

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (RFC 5280 §4.2.1.12). */
function purposes(value: Buffer): string[] {
  const outer = readTlv(value, 0);
  if (outer.tag !== 0x30 || outer.end !== value.length) throw new RangeError('extKeyUsage is not a SEQUENCE');
  return readChildrenAtMost(value, outer, MAX_PURPOSES).map((purpose) => readObjectIdentifier(value, purpose));
}

/**
 * RFC 3161 §2.3: the TSA certificate "MUST contain only one instance of the extended key usage field
 * extension ... with KeyPurposeID having value id-kp-timeStamping. This extension MUST be critical."
 * Read strictly (timeStamping the sole purpose), so a general signing certificate cannot issue
 * timestamps. Returns why the certificate falls short, or undefined.
 */
export function tsaPurposeProblem(tsa: CertificateFacts): 'absent' | 'not_critical' | 'not_sole_purpose' | 'malformed' | undefined {
  const extension = tsa.extensions.get(EXTENSION.extendedKeyUsage);
  if (!extension) return 'absent';
  let listed: string[];
  try {
    listed = purposes(extension.value);
  } catch {
    return 'malformed';
  }
  if (!listed.includes(OID.kpTimeStamping)) return 'absent';
  if (!extension.critical) return 'not_critical';
  if (listed.length !== 1) return 'not_sole_purpose';
  return undefined;
}
