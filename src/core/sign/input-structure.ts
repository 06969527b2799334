import { DocsealError } from '../errors.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { unreferencedDefinitions } from '../pdf/structure-scan.js';
import type { SignWarning } from './types.js';

/**
 * Content masking (ATTACKS.md): a file other readers would read differently must not be signed, or
 * our seal would vouch for content a viewer may not show. We read objects through the cross-reference
 * chain; pdf-lib and others may take a later definition found by scanning. So we refuse data before
 * the header, an object number listed twice in one cross-reference section, and an object number
 * defined again outside the table; unreferenced definitions of unused numbers are harmless orphans
 * (common in real files) and only warned about.
 */
export function checkUnambiguous(file: PdfFile): SignWarning[] {
  if (file.headerOffset > 0) throw ambiguous('There are bytes before the %PDF- header.');
  if (file.ambiguities.has('duplicate_xref_entries')) throw ambiguous('A cross-reference section lists an object twice.');
  const hidden = unreferencedDefinitions(file);
  if (hidden.some((d) => file.entry(d.num)?.type === 'offset' || file.entry(d.num)?.type === 'compressed')) {
    throw ambiguous('An object is defined twice: once through the cross-reference table and once outside it.');
  }
  return hidden.length > 0
    ? [{ code: 'unreferenced_objects', message: `The file holds ${hidden.length} object definition(s) no cross-reference table lists.` }]
    : [];
}

function ambiguous(why: string): DocsealError {
  return new DocsealError('ambiguous_pdf', `${why} Readers could show different content, so the file is not signed.`);
}
