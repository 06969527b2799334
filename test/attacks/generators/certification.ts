import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeAcroFormPdf, makeFullPagePdf } from '../../helpers/pdf-fixtures.js';
import { makeTempDir, removeDir, runOrThrow } from '../../helpers/tool-run.js';
import { PdfDict, PdfRef, PdfStream, dict, name, textString, type PdfObject } from '../../../src/core/pdf/objects.js';
import type { AttackContext, BaseName, Generator } from '../lib/context.js';
import { appendForgedSignature } from '../lib/forge-signature.js';
import { addToPageAndForm, signatureWidget } from '../lib/form-objects.js';
import { layoutOf, withKeys, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, type RawObject } from '../lib/raw.js';

/**
 * Attacks on certified documents (S&P 2021, "Breaking the Specification"): evil annotations (EAA),
 * sneaky signatures (SSA) and changes to the certification itself. The bases are certified by pyHanko
 * (DocMDP P = 1, 2, 3) with an independent PKI.
 */
async function revise(ctx: AttackContext, base: BaseName, objects: (l: SignedLayout) => RawObject[]): Promise<Buffer> {
  const signed = await ctx.base(base);
  return appendRaw(signed, objects(layoutOf(signed))).bytes;
}

/** A Form XObject that paints over the page's first line of text. */
const coverAppearance = (): PdfStream =>
  new PdfStream(
    dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 300, 40] }),
    Buffer.from('1 1 1 rg 0 0 300 40 re f 0 0 0 rg BT /Helv 16 Tf 5 12 Td (Form with no annotations) Tj ET', 'latin1'),
  );
const OVER_TEXT = [50, 750, 350, 790];

/** A FreeText annotation whose appearance covers page text (§12.5.6.6). */
function evilAnnotation(l: SignedLayout): RawObject[] {
  const num = l.file.size;
  const annot = dict({
    Type: name('Annot'), Subtype: name('FreeText'), Rect: OVER_TEXT, Contents: textString('note'),
    DA: textString('/Helv 16 Tf 0 g'), AP: dict({ N: new PdfRef(num + 1, 0) }),
  });
  return [{ num, body: annot }, { num: num + 1, body: coverAppearance() }, ...addToPageAndForm(l, new PdfRef(num, 0), { page: 0, fields: false })];
}

/** An unsigned signature field whose widget draws over page text (the sneaky signature). */
function sneakyField(l: SignedLayout): RawObject[] {
  const num = l.file.size;
  const widget = signatureWidget(l, 'Sneaky', undefined, { Rect: OVER_TEXT, P: l.pages[0]!.ref, AP: dict({ N: new PdfRef(num + 1, 0) }) });
  return [{ num, body: widget }, { num: num + 1, body: coverAppearance() }, ...addToPageAndForm(l, new PdfRef(num, 0), { page: 0 })];
}

const ADD_FIELD_SCRIPT = fileURLToPath(new URL('../../helpers/pyhanko-add-field.py', import.meta.url));

/** An empty signature field prepared by pyHanko (a form author), before any certification. */
function withPreparedField(pdf: Buffer, fieldName: string): Buffer {
  const dir = makeTempDir('docseal-prepared-');
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    runOrThrow('python3', [ADD_FIELD_SCRIPT, join(dir, 'in.pdf'), join(dir, 'out.pdf'), fieldName, '300', '40', '550', '140']);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    removeDir(dir);
  }
}

const PYHANKO_SIGN_SCRIPT = fileURLToPath(new URL('../../helpers/pyhanko-sign.py', import.meta.url));

/**
 * §12.8.2.4: a P=2 certification whose FieldMDP locks the prepared signature field itself; another
 * signer (pyHanko, which our signer no longer copies here: it leaves locked fields alone) then signs
 * into that field. pyHanko's own difference analysis rejects the update ("the form field Countersign
 * is locked"): a locked signature field is as locked as any other.
 */
async function lockedPreparedFieldSigned(ctx: AttackContext): Promise<Buffer> {
  const certified = ctx.certify(withPreparedField(await makeAcroFormPdf(), 'Countersign'), 2, 'Countersign');
  const dir = makeTempDir('docseal-locked-');
  try {
    writeFileSync(join(dir, 'in.pdf'), certified);
    const o = ctx.other;
    runOrThrow('python3', [PYHANKO_SIGN_SCRIPT, join(dir, 'in.pdf'), join(dir, 'out.pdf'), o.signerKeyPath, o.signerCertPath, o.rootCertPath, 'Countersign']);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    removeDir(dir);
  }
}

const DOCMDP_REFERENCE = '/Reference [<</Type /SigRef /TransformMethod /DocMDP /TransformParams <</Type /TransformParams /P 3 /V /1.2>>>>]';

export const certificationGenerators: Record<string, Generator> = {
  'eaa-p2-annotation-added': (ctx) => revise(ctx, 'certified-p2', evilAnnotation),
  'eaa-p3-annotation-over-text': (ctx) => revise(ctx, 'certified-p3', evilAnnotation),
  'ssa-p2-unsigned-field-with-appearance': (ctx) => revise(ctx, 'certified-p2', sneakyField),
  'ssa-p3-unsigned-field-with-appearance': (ctx) => revise(ctx, 'certified-p3', sneakyField),
  'ssa-p2-signed-by-another-key': async (ctx) => ctx.sign(await ctx.base('certified-p2')),
  // A page with no free area: the later signature's seal has to cover what the certifier signed.
  'ssa-p2-signed-over-content': async (ctx) => ctx.sign(await ctx.certify(await makeFullPagePdf(), 2)),
  'cert-perms-removed': (ctx) => revise(ctx, 'certified-p2', (l) => [{ num: l.rootNum, body: withKeys(l.catalog, { Perms: undefined }) }]),
  'cert-docmdp-level-raised': (ctx) =>
    revise(ctx, 'certified-p1', (l) => {
      const sigRef = l.file.getDict(l.catalog, 'Perms')!.get('DocMDP') as PdfRef;
      const sig = l.file.resolve(sigRef) as PdfDict;
      const refs = l.file.get(sig, 'Reference') as PdfObject[];
      const raised = refs.map((r) => withKeys(l.file.resolve(r) as PdfDict, { TransformParams: dict({ Type: name('TransformParams'), P: 3, V: name('1.2') }) }));
      return [{ num: sigRef.num, body: withKeys(sig, { Reference: raised }) }];
    }),
  'cert-second-certification': async (ctx) =>
    appendForgedSignature(await ctx.base('certified-p2'), { identity: ctx.kit.departments.get('demo')!.identity, sigExtra: DOCMDP_REFERENCE, fieldName: 'Recertified' }),
  'cert-locked-prepared-field-signed': lockedPreparedFieldSigned,
  'cert-p1-signature-field-added': (ctx) =>
    revise(ctx, 'certified-p1', (l) => {
      const num = l.file.size;
      return [{ num, body: signatureWidget(l, 'Empty', undefined) }, ...addToPageAndForm(l, new PdfRef(num, 0))];
    }),
};
