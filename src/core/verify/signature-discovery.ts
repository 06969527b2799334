import { DocsealError, isLimitExceeded } from '../errors.js';
import { PdfDict, PdfRef, PdfString, isName, type PdfObject } from '../pdf/objects.js';
import { decodeText } from '../pdf/text-string.js';
import type { PdfFile } from '../pdf/pdf-file.js';

/** A signature dictionary found through a signature field, in the revision that first holds it. */
export type FoundSignature = {
  readonly fieldName: string;
  /** The /V reference; undefined when /V is a direct dictionary (which cannot be located in the file). */
  readonly ref: PdfRef | undefined;
  readonly dict: PdfDict;
  /** The signature dictionary exists but cannot be parsed: reported as a broken signature, not dropped. */
  readonly unreadable?: boolean;
  /** Index into file.sections (newest first) of the first revision where this signature appears. */
  readonly section: number;
};

const MAX_FIELDS = 50_000;
const MAX_SIGNATURES = 100;

/**
 * Finds signatures in every revision, not only in the final field tree: a later revision that removes
 * or rewrites a signed field must not make its signature disappear from the report (the "signature
 * object games" of the attack list). Each signature is taken as its dictionary was in the earliest
 * revision that holds it, which is the one it signed.
 */
export function discoverSignatures(file: PdfFile): FoundSignature[] {
  const byKey = new Map<string, FoundSignature>();
  for (let section = file.sections.length - 1; section >= 0; section--) {
    const view = file.asOfSection(section);
    for (const f of signatureFields(view)) {
      const key = f.ref ? `ref:${f.ref.num}` : `field:${f.fieldName}`;
      if (!byKey.has(key)) byKey.set(key, { ...f, section });
    }
  }
  const found = [...byKey.values()];
  // Far more than any document's approval chain; each is verified, analysed and written into the
  // report, so a file of thousands of empty signatures would cost seconds and megabytes of report.
  if (found.length > MAX_SIGNATURES) throw new DocsealError('limit_exceeded', `The file has more than ${MAX_SIGNATURES} signatures.`, { max: MAX_SIGNATURES });
  return found;
}

/** §12.7.3.1: fields form a tree under /AcroForm /Fields; /FT is inheritable; /T parts join with '.'. */
function signatureFields(view: PdfFile): Omit<FoundSignature, 'section'>[] {
  const out: Omit<FoundSignature, 'section'>[] = [];
  const form = safe(() => view.getDict(view.catalog(), 'AcroForm'));
  const fields = form ? safe(() => view.get(form!, 'Fields')) : undefined;
  if (!Array.isArray(fields)) return out;
  const stack = fields.map((o) => ({ o, prefix: '', ft: undefined as string | undefined }));
  const seen = new Set<number>();
  let visited = 0;
  while (stack.length > 0) {
    // A field past a bound would be a signature nobody verifies: refuse rather than stop short.
    if (++visited > MAX_FIELDS) throw new DocsealError('limit_exceeded', 'The form has too many fields to verify.', { max: MAX_FIELDS });
    const { o, prefix, ft } = stack.pop()!;
    if (o instanceof PdfRef) {
      if (seen.has(o.num)) continue;
      seen.add(o.num);
    }
    const f = safe(() => view.resolve(o));
    if (!(f instanceof PdfDict)) continue;
    const t = f.get('T');
    const name = t instanceof PdfString ? prefix + decodeText(t) : prefix.replace(/\.$/, '');
    const type = isName(f.get('FT'), 'Sig') ? 'Sig' : f.has('FT') ? 'other' : ft;
    const kids = safe(() => view.get(f, 'Kids'));
    if (Array.isArray(kids)) {
      for (const k of kids) stack.push({ o: k, prefix: t instanceof PdfString ? `${name}.` : prefix, ft: type });
    }
    if (type !== 'Sig') continue;
    const rawV = f.get('V');
    let v: PdfObject | undefined;
    try {
      v = view.resolve(rawV);
    } catch (e) {
      if (isLimitExceeded(e)) throw e;
      // A tampered /Contents (say, a non-hex digit) must not make its signature vanish from the report.
      if (rawV instanceof PdfRef) out.push({ fieldName: name, ref: rawV, dict: new PdfDict(), unreadable: true });
      continue;
    }
    if (v instanceof PdfDict) out.push({ fieldName: name, ref: rawV instanceof PdfRef ? rawV : undefined, dict: v });
  }
  return out;
}

/** A part of the form that cannot be read holds no signature to report; a limit reached refuses the file. */
function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (isLimitExceeded(e)) throw e;
    return undefined;
  }
}
