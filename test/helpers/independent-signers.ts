import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { makeIndependentPki, type IndependentPki, type PkiEntity } from './other-pki.js';
import { makePdfLibDoc } from './pdf-fixtures.js';
import { signRequestFor, type SigningKit } from './signing-setup.js';
import { runOrThrow } from './tool-run.js';

/**
 * Legitimately signed files, made at test time: by pyHanko (independent software) from a PKI made by
 * the openssl CLI, by docseal itself, and by both in turn. Nothing here is forged.
 */

const SPEC_SCRIPT = fileURLToPath(new URL('./pyhanko-sign-spec.py', import.meta.url));

/** Every fixture's name, so tests can be listed before the files are made. */
export const LEGITIMATE_FIXTURE_NAMES = [
  'ours-demo', 'ours-demo-ec', 'ours-twice-rsa-ec',
  'pyhanko-rsa-chain', 'pyhanko-ecdsa', 'pyhanko-untrusted-root', 'pyhanko-certified-p2', 'pyhanko-timestamped',
  'pyhanko-twice', 'pyhanko-then-ours', 'ours-then-pyhanko',
] as const;

export type LegitimateFixture = {
  readonly name: string;
  readonly pdf: Buffer;
  /** Signature field names in signing order: the last one covers the whole file. */
  readonly fields: readonly string[];
  readonly verdict: 'valid' | 'valid-untrusted';
  /** The DocMDP /P of a certified document. */
  readonly certification?: 1 | 2 | 3;
  /** Fields whose CMS carries a signature-time-stamp token. */
  readonly timestamped?: readonly string[];
};

export type LegitimateSet = {
  readonly fixtures: readonly LegitimateFixture[];
  /** DER trust anchors for verifyPdf: docseal's dev root and the independent root (not the unknown root). */
  readonly anchors: readonly Buffer[];
  /** The same roots as PEM, for pdfsig's NSS database. */
  readonly trustedRootPems: readonly string[];
};

type PyHankoSign = {
  signer: PkiEntity;
  chain: PkiEntity[];
  field: string;
  box?: [number, number, number, number];
  certify?: boolean;
  tsa?: IndependentPki['tsa'];
};

/** Runs pyhanko-sign-spec.py on `input`; `work` holds the temporary files. */
function pyHankoSign(work: string, input: Buffer, opts: PyHankoSign, pki: IndependentPki): Buffer {
  const inPath = join(work, `${opts.field}-in.pdf`);
  const outPath = join(work, `${opts.field}-out.pdf`);
  const specPath = join(work, `${opts.field}.json`);
  writeFileSync(inPath, input);
  writeFileSync(specPath, JSON.stringify({
    input: inPath,
    output: outPath,
    key: opts.signer.keyPath,
    cert: opts.signer.certPath,
    chain: opts.chain.map((c) => c.certPath),
    field: opts.field,
    box: opts.box ?? [40, 40, 240, 90],
    certify: opts.certify ?? false,
    docmdp: 2,
    tsa: opts.tsa ? { key: opts.tsa.keyPath, cert: opts.tsa.certPath, chain: [opts.tsa.certPath, pki.intermediate.certPath] } : null,
  }));
  runOrThrow('python3', [SPEC_SCRIPT, specPath]);
  return readFileSync(outPath);
}

async function ourSignature(kit: SigningKit, code: string, input: Buffer, documentId: string): Promise<{ pdf: Buffer; field: string }> {
  const r = await signPdf(signRequestFor(kit, code, input, documentId));
  return { pdf: Buffer.concat([r.original, r.update]), field: r.fieldName };
}

type Signer = (input: Buffer, opts: PyHankoSign) => Buffer;

/** One pyHanko signature each: trusted RSA chain, ECDSA P-256, unknown root, certified (P=2), timestamped. */
function singlePyHankoFixtures(sign: Signer, base: Buffer, pki: IndependentPki): LegitimateFixture[] {
  const trusted = [pki.intermediate, pki.root];
  const one = (name: string, field: string, opts: Omit<PyHankoSign, 'field'>, extra: Partial<LegitimateFixture> = {}): LegitimateFixture =>
    ({ name, pdf: sign(base, { ...opts, field }), fields: [field], verdict: 'valid', ...extra });
  return [
    one('pyhanko-rsa-chain', 'IndRsa', { signer: pki.rsaSigner, chain: trusted }),
    one('pyhanko-ecdsa', 'IndEc', { signer: pki.ecSigner, chain: trusted }),
    one('pyhanko-untrusted-root', 'IndUntrusted', { signer: pki.untrustedSigner, chain: [pki.untrustedRoot] }, { verdict: 'valid-untrusted' }),
    one('pyhanko-certified-p2', 'IndCertify', { signer: pki.rsaSigner, chain: trusted, certify: true }, { certification: 2 }),
    one('pyhanko-timestamped', 'IndTimestamped', { signer: pki.rsaSigner, chain: trusted, tsa: pki.tsa }, { timestamped: ['IndTimestamped'] }),
  ];
}

/** Two signatures: pyHanko twice (RSA then ECDSA), pyHanko then docseal, docseal then pyHanko. */
async function countersignedFixtures(sign: Signer, base: Buffer, pki: IndependentPki, kit: SigningKit): Promise<LegitimateFixture[]> {
  const trusted = [pki.intermediate, pki.root];
  const first = sign(base, { signer: pki.rsaSigner, chain: trusted, field: 'IndFirst' });
  const second = sign(first, { signer: pki.ecSigner, chain: trusted, field: 'IndSecond', box: [260, 40, 460, 90] });
  const ours = await ourSignature(kit, 'demo', first, 'doc-pyhanko-then-ours');
  const oursFirst = await ourSignature(kit, 'demo', await makePdfLibDoc({ pages: 1 }), 'doc-ours-then-pyhanko');
  const after = sign(oursFirst.pdf, { signer: pki.rsaSigner, chain: trusted, field: 'IndAfterOurs' });
  return [
    { name: 'pyhanko-twice', pdf: second, fields: ['IndFirst', 'IndSecond'], verdict: 'valid' },
    { name: 'pyhanko-then-ours', pdf: ours.pdf, fields: ['IndFirst', ours.field], verdict: 'valid' },
    { name: 'ours-then-pyhanko', pdf: after, fields: [oursFirst.field, 'IndAfterOurs'], verdict: 'valid' },
  ];
}

/** docseal's own signatures: one and two, RSA (`demo`) and ECDSA (`demo-ec`). */
async function ownFixtures(kit: SigningKit): Promise<LegitimateFixture[]> {
  const out: LegitimateFixture[] = [];
  for (const code of ['demo', 'demo-ec']) {
    const one = await ourSignature(kit, code, await makePdfLibDoc({ pages: 2 }), `doc-own-${code}`);
    out.push({ name: `ours-${code}`, pdf: one.pdf, fields: [one.field], verdict: 'valid' });
  }
  const first = await ourSignature(kit, 'demo', await makePdfLibDoc({ pages: 1, objectStreams: false }), 'doc-own-twice');
  const second = await ourSignature(kit, 'demo-ec', first.pdf, 'doc-own-twice');
  out.push({ name: 'ours-twice-rsa-ec', pdf: second.pdf, fields: [first.field, second.field], verdict: 'valid' });
  return out;
}

/** Every legitimate fixture; `work` is a temporary directory the caller owns and removes. */
export async function makeLegitimateFixtures(work: string, kit: SigningKit): Promise<LegitimateSet> {
  const pki = makeIndependentPki(work);
  const trustedRootPems = [kit.rootPem, pki.root.certPem];
  const sign: Signer = (input, opts) => pyHankoSign(work, input, opts, pki);
  const base = await makePdfLibDoc({ pages: 2, objectStreams: false });
  return {
    fixtures: [
      ...(await ownFixtures(kit)),
      ...singlePyHankoFixtures(sign, base, pki),
      ...(await countersignedFixtures(sign, base, pki, kit)),
    ],
    anchors: trustedRootPems.map((pem) => new X509Certificate(pem).raw),
    trustedRootPems,
  };
}
