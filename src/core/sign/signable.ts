import { DocsealError } from '../errors.js';
import { certificationSignature, docMdpLevels, type Permission } from '../pdf/docmdp.js';
import type { PdfDict } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import type { SignWarning } from './types.js';

/**
 * Refuses documents we must not sign and warns about risky ones:
 * - a certification signature with DocMDP P=1 forbids any change, a new signature included
 *   (ISO 32000-1 §12.8.2.2.2, Table 254);
 * - JavaScript, XFA and Launch actions can make a document show other than what was signed
 *   (the shadow and active-content attacks), so we say so.
 */
export function checkSignable(file: PdfFile, certification: Permission | undefined): SignWarning[] {
  const catalog = file.catalog();
  if (certification === 1) {
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

/**
 * The DocMDP level of the document's certification, read as the verifier reads it
 * (verify/diff/certification.ts): the catalog's /Perms /DocMDP (§12.8.4.2) and any signature field
 * whose value carries a DocMDP reference, the strictest level winning. A level outside 1-3 is
 * refused: the verifier reads it as 1, so whatever we added would be judged a forbidden change.
 */
export function certificationOf(file: PdfFile, signedValues: readonly PdfDict[]): Permission | undefined {
  const perms = certificationSignature(file);
  const levels = [...(perms ? [perms] : []), ...signedValues].flatMap((sig) => docMdpLevels(file, sig));
  if (levels.includes('invalid')) {
    throw new DocsealError('unsupported_pdf', 'The document\'s certification declares a DocMDP permission other than 1, 2 or 3; it cannot be signed again.');
  }
  return levels.length === 0 ? undefined : (Math.min(...(levels as Permission[])) as Permission);
}
