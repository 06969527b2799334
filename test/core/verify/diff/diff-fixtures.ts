import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PDF_LIMITS } from '../../../../src/core/limits.js';
import { PdfDict, PdfRef, isName, type PdfObject } from '../../../../src/core/pdf/objects.js';
import { pageRefs } from '../../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../../src/core/pdf/pdf-file.js';
import { serializeValue } from '../../../../src/core/pdf-write/serialize.js';
import { signPdf } from '../../../../src/core/sign/sign-pdf.js';
import { analyseModifications, type ModificationAnalysis } from '../../../../src/core/verify/diff/analyse.js';
import type { RawObject } from '../../../helpers/append-revision.js';
import { makeOtherPki } from '../../../helpers/other-pki.js';
import { signRequestFor, signingKit } from '../../../helpers/signing-setup.js';
import { runOrThrow, withTempDir } from '../../../helpers/tool-run.js';

const CERTIFY_SCRIPT = fileURLToPath(new URL('../../../helpers/pyhanko-certify.py', import.meta.url));

export function open(pdf: Buffer): PdfFile {
  return PdfFile.open(pdf, DEFAULT_PDF_LIMITS);
}

export async function signWithDocseal(pdf: Buffer, id = 'DOC-1'): Promise<Buffer> {
  const r = await signPdf(signRequestFor(await signingKit(), 'demo', pdf, id));
  return Buffer.concat([r.original, r.update]);
}

/** A DocMDP certification at level `p` by pyHanko with an openssl-made PKI (field 'Certification'). */
export function certifyWithPyhanko(pdf: Buffer, p: 1 | 2 | 3): Promise<Buffer> {
  return withTempDir((dir) => {
    const pki = makeOtherPki(dir);
    writeFileSync(join(dir, 'in.pdf'), pdf);
    runOrThrow('python3', [CERTIFY_SCRIPT, join(dir, 'in.pdf'), join(dir, 'out.pdf'), pki.signerKeyPath, pki.signerCertPath, pki.rootCertPath, 'Certification', String(p)]);
    return readFileSync(join(dir, 'out.pdf'));
  });
}

/** The object `num` with `edit` applied to a copy of its dictionary, as a raw object for appendRevision. */
export function rewrite(pdf: Buffer, num: number, edit: (d: PdfDict) => void): RawObject {
  const d = open(pdf).getObject(num);
  if (!(d instanceof PdfDict)) throw new Error(`object ${num} is not a dictionary`);
  const copy = new PdfDict(new Map(d.map));
  edit(copy);
  return { num, body: serializeValue(copy) };
}

export function src(value: PdfObject): string {
  return serializeValue(value).toString('latin1');
}

export function rootNum(pdf: Buffer): number {
  return (open(pdf).trailer.get('Root') as PdfRef).num;
}

export function lastPageNum(pdf: Buffer): number {
  const refs = pageRefs(open(pdf));
  return refs[refs.length - 1]!.num;
}

export function firstPageNum(pdf: Buffer): number {
  return pageRefs(open(pdf))[0]!.num;
}

/** Fields of the form by partial name /T, resolved (top level and kids). */
export function fieldNum(pdf: Buffer, predicate: (d: PdfDict) => boolean): number {
  const file = open(pdf);
  const form = file.getDict(file.catalog(), 'AcroForm')!;
  const stack = [...(file.get(form, 'Fields') as PdfObject[])];
  while (stack.length > 0) {
    const ref = stack.pop();
    const d = file.resolve(ref);
    if (!(ref instanceof PdfRef) || !(d instanceof PdfDict)) continue;
    if (predicate(d)) return ref.num;
    const kids = file.get(d, 'Kids');
    if (Array.isArray(kids)) stack.push(...kids);
  }
  throw new Error('field not found');
}

/** The signature dictionary written in section `section` (a signature field's /V defined there). */
export function signatureObjectIn(file: PdfFile, section: number): number {
  const state = file.asOfSection(section);
  const form = state.getDict(state.catalog(), 'AcroForm')!;
  for (const f of state.get(form, 'Fields') as PdfObject[]) {
    const d = state.resolve(f);
    const v = d instanceof PdfDict ? d.get('V') : undefined;
    if (d instanceof PdfDict && isName(d.get('FT'), 'Sig') && v instanceof PdfRef && file.sections[section]!.entries.has(v.num)) return v.num;
  }
  throw new Error('no signature in that section');
}

/** Analyses the signature of the revision `back` revisions before the newest (1 = the one before it). */
export function analyse(pdf: Buffer, back = 1): ModificationAnalysis {
  const file = open(pdf);
  return analyseModifications({ file, signedSection: back, signatureObject: signatureObjectIn(file, back) });
}

export function forbidden(a: ModificationAnalysis): string[] {
  return [...new Set(a.findings.filter((f) => !f.allowed).map((f) => f.code))].sort();
}

export function allowed(a: ModificationAnalysis): string[] {
  return [...new Set(a.findings.filter((f) => f.allowed).map((f) => f.code))].sort();
}
