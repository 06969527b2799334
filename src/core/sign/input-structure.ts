import { DocsealError } from '../errors.js';
import { PdfDict, hasDuplicateKeys } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { unlistedObjectStreamMembers, unreferencedDefinitions } from '../pdf/structure-scan.js';
import type { SignWarning } from './types.js';

/**
 * Content masking (docs/verifier-defences.md): a file other readers would read differently must not be signed, or
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
  const warnings: SignWarning[] = hidden.length > 0
    ? [{ code: 'unreferenced_objects', message: `The file holds ${hidden.length} object definition(s) no cross-reference table lists.` }]
    : [];
  const inStreams = unreferencedDefinitions(file, 0).length - hidden.length + unlistedObjectStreamMembers(file);
  // A reader that rebuilds its table (poppler, when some later revision makes it repair) scans stream
  // data too and takes such a definition over the listed one, and MuPDF's repair takes what object
  // streams hold unlisted: signed content another reader would show. Uncompressed embedded files carry
  // definitions innocently, so this is a warning, and a refusal only under a strict input policy.
  if (inStreams > 0) {
    warnings.push({ code: 'definitions_in_stream_data', message: `The data of a stream holds ${inStreams} object definition(s), which repairing readers may take for the document's own.` });
  }
  return warnings;
}

/** Deeper than any page tree we sign (pages.ts descends at most 64 levels too). */
const MAX_TREE_DEPTH = 64;

/**
 * ISO 32000-1 §7.3.7: a dictionary key is unique. Where the source gives one twice, readers differ on
 * which value counts, so the trailer, catalog, form, page-tree path and page our update rewrites or
 * relies on would mean different documents to different readers: refused. Elsewhere a duplicate is
 * left to the verifier, which warns about it.
 */
export function checkTouchedUnambiguous(file: PdfFile, page: PdfDict): void {
  const catalog = file.catalog();
  const touched: (PdfDict | undefined)[] = [file.trailer, catalog, file.getDict(catalog, 'AcroForm'), page];
  let node: PdfDict | undefined = page;
  for (let depth = 0; node && depth < MAX_TREE_DEPTH; depth++) {
    node = file.getDict(node, 'Parent');
    touched.push(node);
  }
  if (touched.some((d) => hasDuplicateKeys(d))) throw ambiguous('A dictionary the signature changes or depends on gives a key twice.');
}

function ambiguous(why: string): DocsealError {
  return new DocsealError('ambiguous_pdf', `${why} Readers could show different content, so the file is not signed.`);
}
