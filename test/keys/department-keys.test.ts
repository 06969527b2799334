import { execFileSync } from 'node:child_process';
import { constants, createPrivateKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { loadDepartmentIdentities, type LoadedDepartment } from '../../src/keys/department-keys.js';

const PASSPHRASE = 'correct horse battery staple';
const NOW = new Date('2025-06-01T08:00:00Z');
let certsDir: string;
let departments: Map<string, LoadedDepartment>;

/** A private copy of the generated PKI that a test may break. */
async function copyOfPki(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docseal-pki-copy-'));
  await cp(certsDir, dir, { recursive: true });
  return dir;
}

const department = (code: string): LoadedDepartment => {
  const found = departments.get(code);
  if (!found) throw new Error(`no department ${code}`);
  return found;
};

beforeAll(async () => {
  certsDir = await mkdtemp(join(tmpdir(), 'docseal-pki-'));
  await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: NOW });
  departments = await loadDepartmentIdentities(certsDir, PASSPHRASE);
});

afterAll(async () => {
  await rm(certsDir, { recursive: true, force: true });
});

describe('generateDevPki', () => {
  it('chains both department certificates to the root through the issuing CA (openssl verify)', () => {
    const atTime = String(Math.floor(NOW.getTime() / 1000) + 86_400);
    for (const code of ['demo', 'demo-ec']) {
      const output = execFileSync('openssl', [
        'verify', '-attime', atTime,
        '-CAfile', join(certsDir, 'trust/docseal-dev-root.pem'),
        '-untrusted', join(certsDir, 'dev/issuing-ca.pem'),
        join(certsDir, 'dev/departments', code, 'cert.pem'),
      ]).toString();
      expect(output).toContain(': OK');
    }
  });

  it('gives the signing certificates the subject, usage and validity of the brief', async () => {
    const pem = await readFile(join(certsDir, 'dev/departments/demo/cert.pem'));
    const certificate = new X509Certificate(pem);
    expect(certificate.subject).toBe('C=CN\nO=Docseal Development\nCN=Demo City Civil Affairs Bureau');
    expect(certificate.ca).toBe(false);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(certificate.validTo).getUTCFullYear()).toBe(2028);
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem }).toString();
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).not.toContain('Extended Key Usage');
    const issuing = execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(certsDir, 'dev/issuing-ca.pem')]);
    expect(issuing.toString()).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
  });

  it('writes every private key as encrypted PKCS#8, readable by its owner only', async () => {
    for (const name of ['root-ca', 'issuing-ca', 'demo', 'demo-ec']) {
      const file = join(certsDir, 'private', `${name}.key.pem`);
      expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
  });

  it('draws each seal as a 256×256 transparent PNG in the department colour', async () => {
    const read = async (code: string) =>
      PNG.sync.read(await readFile(join(certsDir, 'dev/departments', code, 'seal.png')));
    const pixel = (png: PNG, x: number, y: number) => [...png.data.subarray((y * 256 + x) * 4, (y * 256 + x) * 4 + 4)];
    const red = await read('demo');
    expect([red.width, red.height]).toEqual([256, 256]);
    expect(pixel(red, 0, 0)[3]).toBe(0);
    const [r, g, b, alpha] = pixel(red, 128, 128);
    expect(alpha).toBe(255);
    expect(r).toBeGreaterThan(150);
    expect(g! + b!).toBeLessThan(100);
    expect(pixel(red, 128, 12)[3]).toBe(255);
    const blue = pixel(await read('demo-ec'), 128, 128);
    expect(blue[2]).toBeGreaterThan(blue[0]!);
  });

  it('leaves a complete PKI alone without force and replaces it with force', async () => {
    const certFile = join(certsDir, 'dev/departments/demo/cert.pem');
    const before = await readFile(certFile, 'utf8');
    await generateDevPki({ certsDir, passphrase: 'another passphrase', now: NOW });
    expect(await readFile(certFile, 'utf8')).toBe(before);
    const copy = await copyOfPki();
    await generateDevPki({ certsDir: copy, passphrase: PASSPHRASE, now: NOW, force: true });
    expect(await readFile(join(copy, 'dev/departments/demo/cert.pem'), 'utf8')).not.toBe(before);
    await rm(copy, { recursive: true, force: true });
  });
});

describe('loadDepartmentIdentities', () => {
  it('loads every development department with its names, certificate, chain and seal', async () => {
    expect([...departments.keys()].sort()).toEqual(['demo', 'demo-ec', 'service']);
    expect(department('service').nameZh).toBe('文档验证服务');
    expect(department('demo').publicDownload).toBe(false);
    expect(department('demo').publicPreview).toBe(false);
    const demo = department('demo');
    expect(demo.nameZh).toBe('示范市民政局');
    expect(department('demo-ec').nameEn).toBe('Demo City Market Regulation Bureau');
    const certPem = await readFile(join(certsDir, 'dev/departments/demo/cert.pem'));
    expect(demo.identity.certificate).toEqual(new X509Certificate(certPem).raw);
    const root = new X509Certificate(await readFile(join(certsDir, 'trust/docseal-dev-root.pem')));
    expect(demo.identity.chain).toHaveLength(2);
    expect(demo.identity.chain[1]).toEqual(root.raw);
    expect(demo.sealPng.subarray(1, 4).toString()).toBe('PNG');
  });

  it('signs with each department key so that the certificate public key verifies it', async () => {
    const data = Buffer.from('the signed attributes of a CMS SignerInfo');
    for (const [code, keyType, curve] of [['demo', 'rsa', undefined], ['demo-ec', 'ec', 'prime256v1']] as const) {
      const { identity } = department(code);
      expect(identity.signer.keyType).toBe(keyType);
      expect(identity.signer.curve).toBe(curve);
      const signature = await identity.signer.sign(data, 'sha256');
      const certKey = new X509Certificate(identity.certificate).publicKey;
      const padding = keyType === 'rsa' ? { padding: constants.RSA_PKCS1_PADDING } : { dsaEncoding: 'der' as const };
      expect(verify('sha256', data, { key: certKey, ...padding }, signature)).toBe(true);
      expect(verify('sha256', Buffer.from('something else'), certKey, signature)).toBe(false);
    }
  });

  it('refuses a wrong passphrase, naming the department and the file but not the passphrase', async () => {
    const wrong = 'not-the-passphrase';
    const attempt = loadDepartmentIdentities(certsDir, wrong);
    await expect(attempt).rejects.toMatchObject({ code: 'key_unavailable' });
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/department demo: key file .*private\/demo\.key\.pem .*wrong passphrase/);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(PASSPHRASE);
  });

  it('calls a wrong passphrase wrong even when the garbage it decrypts to passes the padding check', async () => {
    // About one wrong passphrase in 256 decrypts to bytes whose padding happens to look right; OpenSSL
    // then fails on the key itself, not with ERR_OSSL_BAD_DECRYPT. Find one for the demo key.
    const pem = await readFile(join(certsDir, 'private/demo.key.pem'), 'latin1');
    const unlucky = Array.from({ length: 6000 }, (_, i) => `wrong-${i}`).find((p) => {
      try {
        createPrivateKey({ key: pem, format: 'pem', passphrase: p });
        return false;
      } catch (e) {
        return (e as { code?: unknown }).code !== 'ERR_OSSL_BAD_DECRYPT';
      }
    });
    expect(unlucky).toBeDefined();
    await expect(loadDepartmentIdentities(certsDir, unlucky!)).rejects.toMatchObject({
      code: 'key_unavailable',
      message: expect.stringMatching(/department demo: key file .*private\/demo\.key\.pem cannot be decrypted: wrong passphrase/),
    });
  });

  it('refuses a key file that is not an encrypted key at all', async () => {
    const copy = await copyOfPki();
    await writeFile(join(copy, 'private/demo.key.pem'), '-----BEGIN ENCRYPTED PRIVATE KEY-----\nbm90IGEga2V5\n-----END ENCRYPTED PRIVATE KEY-----\n');
    await expect(loadDepartmentIdentities(copy, PASSPHRASE)).rejects.toMatchObject({
      code: 'key_unavailable',
      message: expect.stringMatching(/department demo: key file .*private\/demo\.key\.pem is not a valid encrypted key/),
    });
  });

  it('refuses a missing key file, naming the department and the file', async () => {
    const copy = await copyOfPki();
    await rm(join(copy, 'private/demo-ec.key.pem'));
    await expect(loadDepartmentIdentities(copy, PASSPHRASE)).rejects.toMatchObject({
      code: 'key_unavailable',
      message: expect.stringMatching(/department demo-ec: key file .*private\/demo-ec\.key\.pem is missing/),
    });
    await rm(copy, { recursive: true, force: true });
  });

  it('refuses a key that does not belong to the certificate, and an unencrypted key', async () => {
    const copy = await copyOfPki();
    await cp(join(copy, 'private/demo-ec.key.pem'), join(copy, 'private/demo.key.pem'));
    await expect(loadDepartmentIdentities(copy, PASSPHRASE)).rejects.toMatchObject({
      code: 'key_unavailable',
      message: expect.stringMatching(/department demo: .*does not match/),
    });
    const plain = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    await writeFile(join(copy, 'private/demo.key.pem'), plain.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadDepartmentIdentities(copy, PASSPHRASE)).rejects.toMatchObject({
      code: 'key_unavailable',
      message: expect.stringMatching(/department demo: .* is not encrypted/),
    });
    await rm(copy, { recursive: true, force: true });
  });

  it('refuses to start with no departments at all', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'docseal-pki-empty-'));
    await expect(loadDepartmentIdentities(empty, PASSPHRASE)).rejects.toMatchObject({ code: 'key_unavailable' });
    await rm(empty, { recursive: true, force: true });
  });
});
