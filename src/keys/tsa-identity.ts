import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OID } from '../core/cms/oids.js';
import { DocsealError } from '../core/errors.js';
import type { SigningIdentity } from '../core/sign/key-signer.js';
import { decryptKey, parseCertificates, readKeyMaterialFile, type KeyOwner } from './department-keys.js';
import { NodeCryptoSigner } from './node-crypto-signer.js';

const TSA: KeyOwner = { label: 'the time-stamping authority' };

/** Where the built-in TSA's certificate, chain and encrypted key live under the certs directory. */
export function tsaPaths(certsDir: string) {
  return {
    cert: join(certsDir, 'tsa', 'cert.pem'),
    chain: join(certsDir, 'tsa', 'chain.pem'),
    key: join(certsDir, 'private', 'tsa.key.pem'),
  };
}

/**
 * RFC 3161 §2.3: a TSA certificate carries exactly one extended key usage, id-kp-timeStamping, in a
 * critical extension.
 */
function checkTsaCertificate(der: Buffer, file: string): void {
  const extensions = AsnConvert.parse(der, Certificate).tbsCertificate.extensions ?? [];
  const eku = extensions.filter((e) => e.extnID === id_ce_extKeyUsage);
  const purposes = eku.length === 1 ? AsnConvert.parse(eku[0]!.extnValue, ExtendedKeyUsage) : [];
  if (eku.length !== 1 || !eku[0]!.critical || purposes.length !== 1 || purposes[0] !== OID.kpTimeStamping) {
    throw new DocsealError('config_invalid', `${file}: a TSA certificate needs one critical extended key usage, id-kp-timeStamping (RFC 3161 §2.3)`, { file });
  }
}

/**
 * The built-in TSA's identity, when `<certsDir>/tsa/` holds one (`npm run certs` makes it): the
 * certificate checked against RFC 3161 §2.3 and its chain, the key decrypted once. Undefined when the
 * folder is absent: the service then runs without a TSA.
 */
export async function loadTsaIdentity(certsDir: string, passphrase: string): Promise<SigningIdentity | undefined> {
  const paths = tsaPaths(certsDir);
  if (!existsSync(paths.cert)) return undefined;
  const [certificate] = parseCertificates(TSA, paths.cert, 'certificate', await readKeyMaterialFile(TSA, paths.cert, 'certificate'));
  const chain = parseCertificates(TSA, paths.chain, 'chain', await readKeyMaterialFile(TSA, paths.chain, 'chain'));
  if (!certificate.checkIssued(chain[0]) || !certificate.verify(chain[0].publicKey)) {
    throw new DocsealError('config_invalid', `the first certificate of ${paths.chain} did not issue ${paths.cert}`);
  }
  checkTsaCertificate(certificate.raw, paths.cert);
  const key = await decryptKey(TSA, paths.key, passphrase);
  if (!certificate.checkPrivateKey(key)) throw new DocsealError('key_unavailable', `${paths.key} does not match ${paths.cert}`);
  return { certificate: certificate.raw, chain: chain.map((c) => c.raw), signer: new NodeCryptoSigner(key) };
}
