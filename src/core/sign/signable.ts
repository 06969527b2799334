import { DocsealError } from '../errors.js';
import { PdfDict, isName, numberValue } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import type { SignWarning } from './types.js';

/**
 * Refuses documents we must not sign and warns about risky ones:
 * - a certification signature with DocMDP P=1 forbids any change, a new signature included
 *   (ISO 32000-1 §12.8.2.2.2, Table 254);
 * - JavaScript, XFA and Launch actions can make a document show other than what was signed
 *   (the shadow and active-content attacks), so we say so.
 */
export function checkSignable(file: PdfFile): SignWarning[] {
  const catalog = file.catalog();
  if (docMdpPermission(file, catalog) === 1) {
    throw new DocsealError('unsupported_pdf', 'The document is certified with no changes permitted (DocMDP P=1); it cannot be signed again.');
  }
  const warnings: SignWarning[] = [];
  const names = file.getDict(catalog, 'Names');
  if ((names && names.has('JavaScript')) || catalog.has('OpenAction')) {
    warnings.push({ code: 'active_content', message: 'The document contains JavaScript or an open action.' });
  }
  const form = file.getDict(catalog, 'AcroForm');
  if (form?.has('XFA')) warnings.push({ code: 'xfa_form', message: 'The document contains an XFA form, which viewers may render differently.' });
  return warnings;
}

function docMdpPermission(file: PdfFile, catalog: PdfDict): number | undefined {
  const perms = file.getDict(catalog, 'Perms');
  const sig = perms ? file.getDict(perms, 'DocMDP') : undefined;
  const refs = sig ? file.get(sig, 'Reference') : undefined;
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    const ref = file.resolve(r);
    if (!(ref instanceof PdfDict) || !isName(file.get(ref, 'TransformMethod'), 'DocMDP')) continue;
    const params = file.getDict(ref, 'TransformParams');
    return (params && numberValue(file.get(params, 'P'))) ?? 2;
  }
  return undefined;
}
