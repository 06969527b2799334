import { checkWalkBound } from '../walk-bound.js';
import { PdfDict, isName } from './objects.js';
import type { PdfFile } from './pdf-file.js';

export type Permission = 1 | 2 | 3;

/**
 * A DocMDP /P as written: a permission, or `invalid` for anything but the integers 1, 2 and 3
 * (a real such as 2.0, a name, a string, 4). Readers decide what an invalid one means for them.
 */
export type DocMdpLevel = Permission | 'invalid';

/** The /TransformParams of each `method` transform in a signature dictionary's /Reference (ISO 32000-1 §12.8.1, Table 253). */
export function transformParams(file: PdfFile, sig: PdfDict, method: string): PdfDict[] {
  const refs = file.get(sig, 'Reference');
  if (!Array.isArray(refs)) return [];
  checkWalkBound(refs.length, 'signature references');
  const out: PdfDict[] = [];
  for (const r of refs) {
    const d = file.resolve(r);
    if (d instanceof PdfDict && isName(file.get(d, 'TransformMethod'), method)) out.push(file.getDict(d, 'TransformParams') ?? new PdfDict());
  }
  return out;
}

/**
 * The DocMDP levels a signature dictionary declares, one per DocMDP transform; none for a signature
 * that does not certify. ISO 32000-1 Table 254: /P absent means 2.
 */
export function docMdpLevels(file: PdfFile, sig: PdfDict): DocMdpLevel[] {
  return transformParams(file, sig, 'DocMDP').map((params) => {
    const p = file.get(params, 'P');
    if (p === undefined) return 2;
    return p === 1 || p === 2 || p === 3 ? p : 'invalid';
  });
}

/** The catalog's /Perms /DocMDP signature dictionary (§12.8.4.2): the certification, when there is one. */
export function certificationSignature(file: PdfFile): PdfDict | undefined {
  const perms = file.getDict(file.catalog(), 'Perms');
  return perms ? file.getDict(perms, 'DocMDP') : undefined;
}
