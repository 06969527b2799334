import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PASSPHRASE_ENV, PASSPHRASE_FILE_ENV, readKeyPassphrase } from '../src/keys/passphrase.js';
import { drawSealPng, type Rgb } from '../src/core/seal/drawn-seal.js';
import { writeEncryptedKey } from '../src/keys/encrypted-key-file.js';
import { issue, SIGNING_CERTIFICATE_EXTENSIONS, TSA_CERTIFICATE_EXTENSIONS, toPem, type CertifiedKey } from '../src/keys/certificate-issuer.js';
import { tsaPaths } from '../src/keys/tsa-identity.js';
import { devName, issueCas } from './dev-ca.js';

export type DevDepartment = {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly key: { readonly type: 'rsa'; readonly bits: number } | { readonly type: 'ec'; readonly curve: string };
  readonly sealColour: Rgb;
};

export const DEV_DEPARTMENTS: readonly DevDepartment[] = [
  {
    code: 'demo',
    nameZh: '示范市民政局',
    nameEn: 'Demo City Civil Affairs Bureau',
    key: { type: 'rsa', bits: 2048 },
    sealColour: { r: 204, g: 20, b: 32 },
  },
  {
    code: 'demo-ec',
    nameZh: '示范市市场监督管理局',
    nameEn: 'Demo City Market Regulation Bureau',
    key: { type: 'ec', curve: 'prime256v1' },
    sealColour: { r: 20, g: 44, b: 120 },
  },
  {
    // Signs the PDF verification reports the service files, so a filed report can itself be verified.
    code: 'service',
    nameZh: '文档验证服务',
    nameEn: 'docseal Verification Service',
    key: { type: 'ec', curve: 'prime256v1' },
    sealColour: { r: 24, g: 110, b: 60 },
  },
];

/** Where each file of the development PKI lives under the certs directory. */
export function devPkiPaths(certsDir: string) {
  const departmentDir = (code: string) => join(certsDir, 'dev', 'departments', code);
  return {
    rootCert: join(certsDir, 'trust', 'docseal-dev-root.pem'),
    issuingCert: join(certsDir, 'dev', 'issuing-ca.pem'),
    privateDir: join(certsDir, 'private'),
    rootKey: join(certsDir, 'private', 'root-ca.key.pem'),
    issuingKey: join(certsDir, 'private', 'issuing-ca.key.pem'),
    passphraseFile: join(certsDir, 'private', 'passphrase'),
    departmentDir,
    departmentKey: (code: string) => join(certsDir, 'private', `${code}.key.pem`),
    departmentFiles: (code: string) =>
      ['cert.pem', 'chain.pem', 'seal.png', 'department.json'].map((file) => join(departmentDir(code), file)),
  };
}

/** True when every department's files and key exist, with the two CA certificates. */
export function devPkiComplete(certsDir: string): boolean {
  const paths = devPkiPaths(certsDir);
  const tsa = tsaPaths(certsDir);
  const required = [paths.rootCert, paths.issuingCert, tsa.cert, tsa.chain, tsa.key];
  for (const department of DEV_DEPARTMENTS) {
    required.push(paths.departmentKey(department.code), ...paths.departmentFiles(department.code));
  }
  return required.every((file) => existsSync(file));
}

function newDepartmentKeyPair(department: DevDepartment) {
  return department.key.type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: department.key.bits })
    : generateKeyPairSync('ec', { namedCurve: department.key.curve });
}

async function writeDepartment(
  certsDir: string,
  department: DevDepartment,
  cas: { root: CertifiedKey; issuing: CertifiedKey },
  opts: { passphrase: string; now: Date },
): Promise<void> {
  const paths = devPkiPaths(certsDir);
  const signer = issue(
    {
      subject: devName(department.nameEn),
      ...newDepartmentKeyPair(department),
      now: opts.now,
      years: 3,
      // No extendedKeyUsage, so NSS, Adobe and pyHanko accept the key for document signatures.
      extensions: SIGNING_CERTIFICATE_EXTENSIONS,
    },
    cas.issuing,
  );
  const dir = paths.departmentDir(department.code);
  await mkdir(dir, { recursive: true });
  await writeEncryptedKey(paths.departmentKey(department.code), signer.privateKey, opts.passphrase);
  const descriptor = {
    code: department.code,
    nameZh: department.nameZh,
    nameEn: department.nameEn,
    keyFile: `../../../private/${department.code}.key.pem`,
    certFile: 'cert.pem',
    chainFile: 'chain.pem',
    sealFile: 'seal.png',
  };
  await writeFile(join(dir, 'cert.pem'), toPem(signer.certificate, 'CERTIFICATE'));
  const chain = [cas.issuing.certificate, cas.root.certificate].map((der) => toPem(der, 'CERTIFICATE'));
  await writeFile(join(dir, 'chain.pem'), chain.join(''));
  await writeFile(join(dir, 'seal.png'), drawSealPng(department.sealColour));
  await writeFile(join(dir, 'department.json'), `${JSON.stringify(descriptor, null, 2)}\n`);
}

/**
 * Generates the development PKI: a root CA (the trust anchor under trust/), an issuing CA and one
 * signing certificate, chain, seal and descriptor per demo department, with every private key
 * encrypted under `passphrase` in private/. Without `force` it leaves a complete PKI alone.
 */
export async function generateDevPki(opts: {
  certsDir: string;
  passphrase: string;
  now: Date;
  force?: boolean;
}): Promise<void> {
  if (!opts.force && devPkiComplete(opts.certsDir)) return;
  const paths = devPkiPaths(opts.certsDir);
  await mkdir(join(opts.certsDir, 'trust'), { recursive: true });
  await mkdir(join(opts.certsDir, 'dev'), { recursive: true });
  await mkdir(paths.privateDir, { recursive: true, mode: 0o700 });
  const cas = issueCas(opts.now);
  await writeEncryptedKey(paths.rootKey, cas.root.privateKey, opts.passphrase);
  await writeEncryptedKey(paths.issuingKey, cas.issuing.privateKey, opts.passphrase);
  await writeFile(paths.rootCert, toPem(cas.root.certificate, 'CERTIFICATE'));
  await writeFile(paths.issuingCert, toPem(cas.issuing.certificate, 'CERTIFICATE'));
  for (const department of DEV_DEPARTMENTS) {
    await writeDepartment(opts.certsDir, department, cas, opts);
  }
  await writeTsa(opts.certsDir, cas, opts);
}

/** The built-in time-stamping authority's key and certificate, issued by the issuing CA. */
async function writeTsa(certsDir: string, cas: { root: CertifiedKey; issuing: CertifiedKey }, opts: { passphrase: string; now: Date }): Promise<void> {
  const paths = tsaPaths(certsDir);
  const tsa = issue(
    { subject: devName('Docseal Development Time-Stamping Authority'), ...generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), now: opts.now, years: 5, extensions: TSA_CERTIFICATE_EXTENSIONS },
    cas.issuing,
  );
  await mkdir(join(certsDir, 'tsa'), { recursive: true });
  await writeEncryptedKey(paths.key, tsa.privateKey, opts.passphrase);
  await writeFile(paths.cert, toPem(tsa.certificate, 'CERTIFICATE'));
  await writeFile(paths.chain, [cas.issuing.certificate, cas.root.certificate].map((der) => toPem(der, 'CERTIFICATE')).join(''));
}

/**
 * The passphrase for a development PKI: the configured one (environment or passphrase file), else a
 * new random one written to private/passphrase (0600), whose path is returned so the caller can say so.
 */
export async function resolveDevPassphrase(
  certsDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ passphrase: string; createdFile?: string }> {
  const paths = devPkiPaths(certsDir);
  try {
    return { passphrase: readKeyPassphrase(env, { passphraseFile: paths.passphraseFile }) };
  } catch (error) {
    if (env[PASSPHRASE_ENV] || env[PASSPHRASE_FILE_ENV]) throw error;
  }
  const passphrase = randomBytes(24).toString('base64url');
  await mkdir(paths.privateDir, { recursive: true, mode: 0o700 });
  await writeFile(paths.passphraseFile, `${passphrase}\n`, { mode: 0o600 });
  await chmod(paths.passphraseFile, 0o600);
  return { passphrase, createdFile: paths.passphraseFile };
}
