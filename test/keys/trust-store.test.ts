import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrustMaterial } from '../../src/keys/trust-store.js';
import { runOrThrow, withTempDir } from '../helpers/tool-run.js';

/** A self-signed certificate made by openssl, as PEM. */
function selfSigned(dir: string, cn: string): string {
  const out = join(dir, `${cn}.pem`);
  runOrThrow('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${cn}`, '-days', '2', '-keyout', join(dir, `${cn}.key`), '-out', out]);
  return readFileSync(out, 'utf8');
}

const pemOf = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64')}\n-----END ${label}-----\n`;

describe('loadTrustMaterial', () => {
  it('reads every certificate of every PEM in trust/ and the configured folders, once each, and CRLs as DER or PEM', async () => {
    await withTempDir(async (dir) => {
      const certs = join(dir, 'certs');
      const extra = join(dir, 'extra');
      const work = join(dir, 'work');
      for (const folder of [join(certs, 'trust'), join(certs, 'crls'), extra, work]) await mkdir(folder, { recursive: true });
      const [a, b, c] = ['anchor-a', 'anchor-b', 'anchor-c'].map((cn) => selfSigned(work, cn));
      await writeFile(join(certs, 'trust', 'bundle.pem'), a! + b!);
      await writeFile(join(certs, 'trust', 'notes.txt'), 'not an anchor');
      await writeFile(join(extra, 'c.pem'), c!);
      await writeFile(join(extra, 'a-again.pem'), a!);
      const der = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
      await writeFile(join(certs, 'crls', 'one.crl'), der);
      await writeFile(join(certs, 'crls', 'two.crl'), pemOf('X509 CRL', Buffer.from([0x30, 0x00])));

      const trust = await loadTrustMaterial(certs, [extra]);
      const subjects = trust.anchors.map((d) => new X509Certificate(d).subject).sort();
      expect(subjects).toEqual(['CN=anchor-a', 'CN=anchor-b', 'CN=anchor-c']);
      expect(trust.crls).toEqual([der, Buffer.from([0x30, 0x00])]);
    });
  });

  it('is empty without trust/ or crls/, and refuses a missing configured folder, a PEM without a certificate, a CRL of neither form', async () => {
    await withTempDir(async (dir) => {
      expect(await loadTrustMaterial(dir, [])).toEqual({ anchors: [], crls: [] });
      await expect(loadTrustMaterial(dir, [join(dir, 'nowhere')])).rejects.toMatchObject({ code: 'config_invalid' });
      await mkdir(join(dir, 'trust'));
      await writeFile(join(dir, 'trust', 'broken.pem'), pemOf('CERTIFICATE', Buffer.from('garbage')));
      await expect(loadTrustMaterial(dir, [])).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('broken.pem') });
      await writeFile(join(dir, 'trust', 'broken.pem'), '');
      await expect(loadTrustMaterial(dir, [])).rejects.toMatchObject({ code: 'config_invalid' });
    });
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'crls'));
      await writeFile(join(dir, 'crls', 'bad.crl'), 'hello');
      await expect(loadTrustMaterial(dir, [])).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('bad.crl') });
    });
  });
});
