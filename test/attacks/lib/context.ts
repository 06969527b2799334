import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SigningIdentity } from '../../../src/core/sign/key-signer.js';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import { qpdfEncrypt } from '../../helpers/encrypted-fixtures.js';
import { makeOtherPki, type OtherPki } from '../../helpers/other-pki.js';
import { makeAcroFormPdf, makeOtherSignerPdf, makePdfLibDoc } from '../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW, type SigningKit } from '../../helpers/signing-setup.js';
import { makeTempDir, runOrThrow } from '../../helpers/tool-run.js';
import { makeAttackPki, type AttackPki } from './attack-pki.js';
import { makeShadowInput } from './shadow-input.js';

/** The legitimately signed files the forgeries start from. */
export type BaseName =
  | 'unsigned'
  | 'plain'
  | 'form'
  | 'shadow'
  | 'other'
  | 'test-ca'
  | 'certified-p1'
  | 'certified-p2'
  | 'certified-p3'
  | 'certified-p2-locked'
  | 'encrypted';

export type AttackContext = {
  readonly kit: SigningKit;
  readonly pki: AttackPki;
  /** DER trust anchors: docseal's dev root, the two pyHanko PKIs' roots, the attack suite's trusted root and both keys of its rolled-over root. */
  readonly anchors: readonly Buffer[];
  /** A base file, built once per test file. */
  base(name: BaseName): Promise<Buffer>;
  /** Our signer on `pdf` (the demo department unless another identity is given). */
  sign(pdf: Buffer, identity?: SigningIdentity): Promise<Buffer>;
  /** pyHanko certification (DocMDP P) of `pdf` with the independent PKI. */
  certify(pdf: Buffer, level: 1 | 2 | 3, lockedField?: string): Buffer;
  /** The independent PKI pyHanko certifies with (its root is among the anchors). */
  readonly other: OtherPki;
};

const CERTIFY_SCRIPT = fileURLToPath(new URL('../../helpers/pyhanko-certify.py', import.meta.url));
export const LOCKED_FIELD = 'applicant.name';

const der = (pem: string): Buffer => Buffer.from(new X509Certificate(pem).raw);

export async function makeAttackContext(): Promise<AttackContext> {
  const kit = await signingKit();
  const pki = makeAttackPki(TEST_NOW);
  const tmp = makeTempDir('docseal-attacks-');
  const other: OtherPki = makeOtherPki(tmp);
  // pyHanko's own signed fixture makes a second PKI with the same file names: it gets its own folder.
  const otherSigned = await makeOtherSignerPdf(makeTempDir('docseal-attacks-other-'));
  const cache = new Map<BaseName, Promise<Buffer>>();
  let counter = 0;
  const sign = async (pdf: Buffer, identity?: SigningIdentity): Promise<Buffer> => {
    const req = signRequestFor(kit, 'demo', pdf, `ATK-${++counter}`, identity ? { identity } : {});
    const r = await signPdf(req);
    return Buffer.concat([r.original, r.update]);
  };
  const certify = (pdf: Buffer, level: 1 | 2 | 3, lockedField?: string): Buffer => {
    const input = join(tmp, `certify-in-${++counter}.pdf`);
    const output = join(tmp, `certify-out-${counter}.pdf`);
    writeFileSync(input, pdf);
    const args = [CERTIFY_SCRIPT, input, output, other.signerKeyPath, other.signerCertPath, other.rootCertPath, 'Certification', String(level)];
    runOrThrow('python3', lockedField ? [...args, lockedField] : args);
    return readFileSync(output);
  };
  const builders: Record<BaseName, () => Promise<Buffer>> = {
    unsigned: () => makePdfLibDoc({ objectStreams: false }),
    plain: async () => sign(await makePdfLibDoc({ objectStreams: false })),
    form: async () => sign(await makeAcroFormPdf()),
    shadow: async () => sign(await makeShadowInput()),
    other: async () => otherSigned.pdf,
    'test-ca': async () => sign(await makePdfLibDoc({ objectStreams: false }), pki.rsa.identity),
    'certified-p1': async () => certify(await makeAcroFormPdf(), 1),
    'certified-p2': async () => certify(await makeAcroFormPdf(), 2),
    'certified-p3': async () => certify(await makeAcroFormPdf(), 3),
    'certified-p2-locked': async () => certify(await makeAcroFormPdf(), 2, LOCKED_FIELD),
    // AES-256 with the empty user password and owner restrictions, as qpdf writes it.
    encrypted: async () => sign(await qpdfEncrypt(await makePdfLibDoc({ objectStreams: false }), 'aes-256')),
  };
  return {
    kit,
    pki,
    anchors: [der(kit.rootPem), der(other.rootPem), der(otherSigned.rootPem), pki.trustedRoot, ...pki.paths.rolloverRoots],
    base(name) {
      let p = cache.get(name);
      if (!p) cache.set(name, (p = builders[name]()));
      return p;
    },
    sign,
    certify,
    other,
  };
}

/** One attack: builds the forged file from the context's legitimately signed bases. */
export type Generator = (ctx: AttackContext) => Promise<Buffer>;
