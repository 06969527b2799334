import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateSubject } from '../../../src/core/pki/certificate-subject.js';
import { issue } from '../../../src/keys/certificate-issuer.js';
import { runOrThrow, withTempDir } from '../../helpers/tool-run.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('certificateSubject', () => {
  it('reads back the name a certificate was built with, Chinese included', () => {
    const subject = [
      { type: 'C', value: 'CN' },
      { type: 'O', value: '示范市人民政府' },
      { type: 'OU', value: 'Records' },
      { type: 'CN', value: 'Demo Issuing CA' },
    ] as const;
    const ca = issue({ subject, ...generateKeyPairSync('ec', { namedCurve: 'secp384r1' }), now, years: 1, extensions: { basicConstraints: { ca: true } } }, undefined);
    expect(certificateSubject(ca.certificate)).toEqual(subject);
  });

  it('reads an OpenSSL-made subject (PrintableString values), so a certificate issued under it chains', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pem = await withTempDir((dir) => {
      writeFileSync(join(dir, 'key.pem'), keyPem);
      return runOrThrow('openssl', ['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', '/C=CN/O=Outside CA/CN=Outside Root', '-days', '2']);
    });
    const outside = new X509Certificate(pem);
    const name = certificateSubject(outside.raw);
    expect(name).toEqual([{ type: 'C', value: 'CN' }, { type: 'O', value: 'Outside CA' }, { type: 'CN', value: 'Outside Root' }]);
    const signer = issue(
      { subject: [{ type: 'CN', value: 'Signer' }], ...generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), now: new Date(), years: 1, extensions: {} },
      { name, publicKey: outside.publicKey, privateKey: pair.privateKey, certificate: outside.raw },
    );
    expect(new X509Certificate(signer.certificate).checkIssued(outside)).toBe(true);
  });
});
