import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocsealError } from '../core/errors.js';
import { certificateSubject } from '../core/pki/certificate-subject.js';
import { issue, SIGNING_CERTIFICATE_EXTENSIONS, type CertifiedKey } from './certificate-issuer.js';
import { parsePemCertificates } from './import-signing-material.js';
import { orderCertificates, type SigningMaterial } from './signing-material.js';

export type SigningKeyType = 'rsa' | 'ec';

/** The issuing CA `npm run certs` makes, or one an operator puts in its place. */
export function issuingCaPaths(certsDir: string) {
  return {
    certificate: join(certsDir, 'dev', 'issuing-ca.pem'),
    key: join(certsDir, 'private', 'issuing-ca.key.pem'),
    trustDir: join(certsDir, 'trust'),
  };
}

export type IssuingCa = CertifiedKey & {
  /** Certificates that may complete the chain above the CA: its own PEM bundle and the trust anchors. */
  readonly issuers: readonly X509Certificate[];
};

async function trustAnchors(trustDir: string): Promise<X509Certificate[]> {
  if (!existsSync(trustDir)) return [];
  const files = (await readdir(trustDir)).filter((f) => f.endsWith('.pem')).sort();
  const bundles = await Promise.all(files.map((f) => readFile(join(trustDir, f), 'latin1')));
  return bundles.flatMap((pem, i) => parsePemCertificates(pem, files[i]!));
}

/** Loads the issuing CA's certificate and decrypts its key with the service passphrase. */
export async function loadIssuingCa(certsDir: string, passphrase: string): Promise<IssuingCa> {
  const paths = issuingCaPaths(certsDir);
  if (!existsSync(paths.certificate) || !existsSync(paths.key)) {
    throw new DocsealError('key_unavailable', `no issuing CA: ${paths.certificate} and ${paths.key} are made by npm run certs`);
  }
  const [certificate, ...above] = parsePemCertificates(await readFile(paths.certificate, 'latin1'), paths.certificate);
  let privateKey;
  try {
    privateKey = createPrivateKey({ key: await readFile(paths.key, 'latin1'), format: 'pem', passphrase });
  } catch {
    throw new DocsealError('key_unavailable', `cannot decrypt the issuing CA key ${paths.key}: wrong passphrase or not a key`);
  }
  if (!certificate!.checkPrivateKey(privateKey)) {
    throw new DocsealError('key_unavailable', `${paths.key} is not the key of ${paths.certificate}`);
  }
  return {
    name: certificateSubject(certificate!.raw),
    publicKey: certificate!.publicKey,
    privateKey,
    certificate: certificate!.raw,
    issuers: [certificate!, ...above, ...(await trustAnchors(paths.trustDir))],
  };
}

/**
 * A new key pair (RSA-2048, or ECDSA P-256) and a 3-year signing certificate for it, named like the CA
 * (its attributes but the CN) with the department's English name as CN, and the chain up to the root.
 */
export function issueDepartmentCertificate(ca: IssuingCa, request: { commonName: string; keyType: SigningKeyType; now: Date }): SigningMaterial {
  const pair = request.keyType === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = [...ca.name.filter((a) => a.type !== 'CN'), { type: 'CN' as const, value: request.commonName }];
  const issued = issue({ subject, ...pair, now: request.now, years: 3, extensions: SIGNING_CERTIFICATE_EXTENSIONS }, ca);
  return orderCertificates(pair.privateKey, [new X509Certificate(issued.certificate), ...ca.issuers]);
}
