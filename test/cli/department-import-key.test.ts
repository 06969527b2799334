import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { loadDepartmentIdentities } from '../../src/keys/department-keys.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';
import { expectDepartmentSignsForPdfsig } from '../helpers/department-signature.js';
import { auditEvents, cliEnv, runDocseal } from '../helpers/docseal-cli.js';
import { makeTempDir, removeDir, runOrThrow } from '../helpers/tool-run.js';

const DB = 'cli_department_import_key';
const PASSPHRASE = 'service-passphrase-for-import';
const P12_PASSWORD = 'p12-Password-Seven';
const PEM_PASSPHRASE = 'pem-Passphrase-Eleven';

let conn: Connection;
let dir: string;
let certsDir: string;
let env: NodeJS.ProcessEnv;
const file = (name: string) => join(dir, name);
const devFile = (...parts: string[]) => join(certsDir, ...parts);

/** A key made by openssl and a certificate for it from the development issuing CA, as an outside CA would hand them over. */
function opensslSigner(name: string, keyAlgorithm: string[]): void {
  runOrThrow('openssl', ['genpkey', ...keyAlgorithm, '-out', file(`${name}.key`)]);
  runOrThrow('openssl', ['req', '-new', '-key', file(`${name}.key`), '-subj', `/C=CN/O=Outside CA Customer/CN=${name}`, '-out', file(`${name}.csr`)]);
  writeFileSync(file('ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  runOrThrow('openssl', ['x509', '-req', '-in', file(`${name}.csr`), '-days', '30', '-extfile', file('ext.cnf'),
    '-CA', devFile('dev', 'issuing-ca.pem'), '-CAkey', devFile('private', 'issuing-ca.key.pem'), '-passin', `pass:${PASSPHRASE}`,
    '-out', file(`${name}.crt`)]);
}

/** PKCS#12 with AES-256-CBC for keys and certificates and a SHA-256 MAC (not the legacy RC2). */
function exportP12(name: string): string {
  writeFileSync(file('issuers.pem'), readFileSync(devFile('dev', 'issuing-ca.pem'), 'latin1') + readFileSync(devFile('trust', 'docseal-dev-root.pem'), 'latin1'));
  runOrThrow('openssl', ['pkcs12', '-export', '-inkey', file(`${name}.key`), '-in', file(`${name}.crt`), '-certfile', file('issuers.pem'),
    '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256', '-passout', `pass:${P12_PASSWORD}`, '-out', file(`${name}.p12`)]);
  return file(`${name}.p12`);
}

/**
 * Each test creates its department just before installing its key: a department without a key stops
 * loadDepartmentIdentities (and the service) from loading any department.
 */
async function create(code: string): Promise<void> {
  const run = await runDocseal(['department', 'create', '--code', code, '--name-zh', '部门', '--name-en', `Department ${code}`], env);
  expect(run.code, run.stderr).toBe(0);
}
const rootPem = () => readFileSync(devFile('trust', 'docseal-dev-root.pem'), 'utf8');

beforeAll(async () => {
  conn = await connectTestDatabase(DB);
  dir = makeTempDir('docseal-cli-import-');
  certsDir = join(dir, 'certs');
  await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: new Date(Date.now() - 86_400_000) });
  env = cliEnv(DB, certsDir, PASSPHRASE);
  opensslSigner('ec-signer', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  opensslSigner('rsa-signer', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
});

afterAll(async () => {
  await closeTestDatabase(conn);
  removeDir(dir);
});

describe('docseal department import-key', () => {
  it('refuses a wrong PKCS#12 password with exit 1 and a message without the password', async () => {
    await create('p12-ec');
    const p12 = exportP12('ec-signer');
    const wrong = 'Wrong-Password-Here';
    const run = await runDocseal(['department', 'import-key', '--code', 'p12-ec', '--p12', p12], { ...env, DOCSEAL_IMPORT_PASSWORD: wrong });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot open the PKCS#12 file: wrong password');
    expect(run.stderr + run.stdout).not.toContain(wrong);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const missing = await runDocseal(['department', 'import-key', '--code', 'p12-ec', '--p12', p12], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--password-file or DOCSEAL_IMPORT_PASSWORD');
  });

  it('imports an EC key from PKCS#12 (password from the environment), re-encrypted under the service passphrase', async () => {
    const run = await runDocseal(['department', 'import-key', '--code', 'p12-ec', '--p12', exportP12('ec-signer')], { ...env, DOCSEAL_IMPORT_PASSWORD: P12_PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(P12_PASSWORD);
    expect(run.stdout + run.stderr).not.toContain(PASSPHRASE);
    const keyPem = readFileSync(devFile('private', 'departments', 'p12-ec.key.pem'), 'latin1');
    expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(() => createPrivateKey({ key: keyPem, format: 'pem', passphrase: P12_PASSWORD })).toThrow();
    const installed = new X509Certificate(readFileSync(devFile('departments', 'p12-ec', 'cert.pem')));
    expect(installed.raw.equals(new X509Certificate(readFileSync(file('ec-signer.crt'))).raw)).toBe(true);
    const chain = readFileSync(devFile('departments', 'p12-ec', 'chain.pem'), 'latin1').match(/BEGIN CERTIFICATE/g);
    expect(chain).toHaveLength(2);
    const department = (await loadDepartmentIdentities(certsDir, PASSPHRASE)).get('p12-ec')!;
    expect(department.identity.signer.keyType).toBe('ec');
    await expectDepartmentSignsForPdfsig(department, rootPem());
  });

  it('imports an RSA key from PKCS#12 with --password-file; the certificate keeps its exact bytes', async () => {
    await create('p12-rsa');
    writeFileSync(file('p12-password'), `${P12_PASSWORD}\n`);
    const run = await runDocseal(['department', 'import-key', '--code', 'p12-rsa', '--p12', exportP12('rsa-signer'), '--password-file', file('p12-password')], env);
    expect(run.code, run.stderr).toBe(0);
    const installed = new X509Certificate(readFileSync(devFile('departments', 'p12-rsa', 'cert.pem')));
    expect(installed.raw.equals(new X509Certificate(readFileSync(file('rsa-signer.crt'))).raw)).toBe(true);
    const department = (await loadDepartmentIdentities(certsDir, PASSPHRASE)).get('p12-rsa')!;
    expect(department.identity.signer.keyType).toBe('rsa');
  });

  it('imports an encrypted PEM key with its chain, signer first', async () => {
    await create('pem-rsa');
    runOrThrow('openssl', ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', file('rsa-signer.key'), '-passout', `pass:${PEM_PASSPHRASE}`, '-out', file('rsa-signer.enc.pem')]);
    writeFileSync(file('pem-passphrase'), PEM_PASSPHRASE);
    writeFileSync(file('chain.pem'), readFileSync(file('rsa-signer.crt'), 'latin1') + readFileSync(devFile('dev', 'issuing-ca.pem'), 'latin1'));
    const args = ['department', 'import-key', '--code', 'pem-rsa', '--key', file('rsa-signer.enc.pem'), '--chain', file('chain.pem')];
    const noPassphrase = await runDocseal(args, env);
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.stderr).toContain('--key-passphrase-file');
    const run = await runDocseal([...args, '--key-passphrase-file', file('pem-passphrase')], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(PEM_PASSPHRASE);
    const department = (await loadDepartmentIdentities(certsDir, PASSPHRASE)).get('pem-rsa')!;
    await expectDepartmentSignsForPdfsig(department, rootPem());
  });

  it('refuses a key that does not match the certificate, and a chain out of order', async () => {
    await create('refused');
    writeFileSync(file('wrong-chain.pem'), readFileSync(file('ec-signer.crt'), 'latin1') + readFileSync(devFile('dev', 'issuing-ca.pem'), 'latin1'));
    const mismatch = await runDocseal(['department', 'import-key', '--code', 'refused', '--key', file('rsa-signer.key'), '--chain', file('wrong-chain.pem')], env);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('the private key does not match the certificate');
    writeFileSync(file('unordered.pem'), readFileSync(file('rsa-signer.crt'), 'latin1') + rootPem() + readFileSync(devFile('dev', 'issuing-ca.pem'), 'latin1'));
    const unordered = await runDocseal(['department', 'import-key', '--code', 'refused', '--key', file('rsa-signer.key'), '--chain', file('unordered.pem')], env);
    expect(unordered.code).toBe(1);
    expect(unordered.stderr).toContain('chain certificate 1 did not issue the certificate before it');
    const shown = JSON.parse((await runDocseal(['department', 'show', 'refused', '--json'], env)).stdout);
    expect(shown.keyInstalled).toBe(false);
  });

  it('refuses a service passphrase other than the one the installed keys are under', async () => {
    const other = { ...env, DOCSEAL_KEY_PASSPHRASE: 'another-passphrase' };
    const imported = await runDocseal(['department', 'import-key', '--code', 'refused', '--key', file('rsa-signer.key'), '--chain', file('chain.pem')], other);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/the key passphrase does not open department [a-z0-9-]+'s key/);
    const issued = await runDocseal(['department', 'issue-cert', '--code', 'refused'], other);
    expect(issued.code).toBe(1);
    expect(issued.stderr).toContain('cannot decrypt the issuing CA key');
    expect(imported.stderr + issued.stderr).not.toContain('another-passphrase');
    expect(JSON.parse((await runDocseal(['department', 'show', 'refused', '--json'], env)).stdout).keyInstalled).toBe(false);
  });

  it('recorded one event per creation and per import, and the chain verifies', async () => {
    const events = await auditEvents(conn);
    expect(events.map((e) => `${e.type} ${e.details.code}`)).toEqual([
      'department.create p12-ec', 'department.import-key p12-ec',
      'department.create p12-rsa', 'department.import-key p12-rsa',
      'department.create pem-rsa', 'department.import-key pem-rsa',
      'department.create refused',
    ]);
    expect(events.find((e) => e.details.code === 'p12-ec' && e.type === 'department.import-key')?.details.source).toBe('pkcs12');
    const verify = await runDocseal(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`audit chain OK: ${events.length} events`);
  });
});
