import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { devPkiPaths, generateDevPki } from '../certs-lib.js';

/** Where the benchmark's keys live; written once by the parent, read by every child. */
export type BenchKeys = {
  readonly certsDir: string;
  readonly passphrase: string;
  readonly department: string;
  /** The department's key, certificate and chain as PKCS#12 (@libpdf/core). */
  readonly chainP12File: string;
  /** The same key under a self-signed RSA certificate, the only kind node-forge reads (@signpdf). */
  readonly forgeP12File: string;
  readonly p12Password: string;
};

export const BENCH_DEPARTMENT = 'demo';
const PASSPHRASE = 'bench-passphrase-not-secret';
const P12_PASSWORD = 'bench-p12-not-secret';

/** OpenSSL 3 defaults (PBES2, AES-256-CBC, HMAC-SHA256 MAC), which WebCrypto-based readers accept. */
function exportChainP12(certsDir: string, out: string): void {
  const paths = devPkiPaths(certsDir);
  const [certFile, chainFile] = paths.departmentFiles(BENCH_DEPARTMENT);
  execFileSync('openssl', [
    'pkcs12', '-export',
    '-inkey', paths.departmentKey(BENCH_DEPARTMENT), '-passin', `pass:${PASSPHRASE}`,
    '-in', certFile!, '-certfile', chainFile!,
    '-passout', `pass:${P12_PASSWORD}`, '-out', out,
  ]);
}

/**
 * node-forge parses only RSA-signed certificates, and our dev CAs sign with ECDSA P-384, so @signpdf
 * cannot load the department's certificate: it gets the same RSA key under a self-signed certificate.
 */
async function exportForgeP12(certsDir: string, out: string): Promise<void> {
  const pem = await readFile(devPkiPaths(certsDir).departmentKey(BENCH_DEPARTMENT), 'latin1');
  const keyPem = createPrivateKey({ key: pem, passphrase: PASSPHRASE }).export({ type: 'pkcs1', format: 'pem' });
  const privateKey = forge.pki.privateKeyFromPem(String(keyPem));
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000 * 365);
  const subject = [{ name: 'commonName', value: 'Demo City Civil Affairs Bureau' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, [cert], P12_PASSWORD, { algorithm: '3des' });
  await writeFile(out, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

/** A development PKI in `dir` and the RSA department's key as PKCS#12 files for the peers. */
export async function prepareBenchKeys(dir: string): Promise<BenchKeys> {
  const certsDir = join(dir, 'certs');
  await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: new Date() });
  const chainP12File = join(dir, `${BENCH_DEPARTMENT}-chain.p12`);
  const forgeP12File = join(dir, `${BENCH_DEPARTMENT}-self-signed.p12`);
  exportChainP12(certsDir, chainP12File);
  await exportForgeP12(certsDir, forgeP12File);
  return {
    certsDir,
    passphrase: PASSPHRASE,
    department: BENCH_DEPARTMENT,
    chainP12File,
    forgeP12File,
    p12Password: P12_PASSWORD,
  };
}
