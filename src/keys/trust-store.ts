import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocsealError } from '../core/errors.js';

/** What the verifier trusts, as DER, read once at start. */
export type TrustMaterial = { readonly anchors: readonly Buffer[]; readonly crls: readonly Buffer[] };

const PEM_BLOCK = (label: string) => new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`, 'g');

const pemBodies = (text: string, label: string): Buffer[] =>
  [...text.matchAll(PEM_BLOCK(label))].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));

async function filesIn(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith(suffix))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Every certificate of every `*.pem` in `dir`; a file that holds none, or a broken one, stops the start. */
async function anchorsIn(dir: string): Promise<Buffer[]> {
  const anchors: Buffer[] = [];
  for (const file of await filesIn(dir, '.pem')) {
    const ders = pemBodies(await readFile(file, 'latin1'), 'CERTIFICATE');
    try {
      if (ders.length === 0) throw new Error('no certificate');
      for (const der of ders) anchors.push(Buffer.from(new X509Certificate(der).raw));
    } catch {
      throw new DocsealError('config_invalid', `trust anchor file ${file} holds no valid certificate`, { file });
    }
  }
  return anchors;
}

/** `*.crl` files as DER; a PEM file may hold several (RFC 7468 §5 "X509 CRL"). */
async function crlsIn(dir: string): Promise<Buffer[]> {
  const crls: Buffer[] = [];
  for (const file of await filesIn(dir, '.crl')) {
    const bytes = await readFile(file);
    const pem = pemBodies(bytes.toString('latin1'), 'X509 CRL');
    // DER starts with a SEQUENCE tag; anything else that is not PEM is not a CRL.
    if (pem.length > 0) crls.push(...pem);
    else if (bytes[0] === 0x30) crls.push(bytes);
    else throw new DocsealError('config_invalid', `CRL file ${file} is neither DER nor PEM`, { file });
  }
  return crls;
}

const dedupe = (ders: Buffer[]): Buffer[] => [
  ...new Map(ders.map((d) => [createHash('sha256').update(d).digest('hex'), d] as const)).values(),
];

/**
 * Trust anchors from `<certsDir>/trust/` and each configured folder, CRLs from `<certsDir>/crls/`.
 * The default folders may be absent; a configured folder that does not exist is a configuration error.
 */
export async function loadTrustMaterial(certsDir: string, extraTrustDirs: readonly string[]): Promise<TrustMaterial> {
  const anchors: Buffer[] = [];
  const defaultTrust = join(certsDir, 'trust');
  if (existsSync(defaultTrust)) anchors.push(...(await anchorsIn(defaultTrust)));
  for (const dir of extraTrustDirs) {
    if (!existsSync(dir)) throw new DocsealError('config_invalid', `DOCSEAL_TRUST_DIRS: folder ${dir} does not exist`, { dir });
    anchors.push(...(await anchorsIn(dir)));
  }
  const crlDir = join(certsDir, 'crls');
  const crls = existsSync(crlDir) ? await crlsIn(crlDir) : [];
  return { anchors: dedupe(anchors), crls: dedupe(crls) };
}
