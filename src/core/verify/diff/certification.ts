import { docMdpLevels, transformParams, type Permission } from '../../pdf/docmdp.js';
import { PdfDict, PdfString, nameValue, type PdfObject } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import { checkWalkBound } from '../../walk-bound.js';
import type { DocumentShape } from './roles.js';

/** A signature dictionary that certifies (carries a DocMDP transform, §12.8.2.2). */
export function hasDocMdpReference(file: PdfFile, sig: PdfDict): boolean {
  return transformParams(file, sig, 'DocMDP').length > 0;
}

/**
 * §12.8.2.2: the certification's /P (absent means 2). A value outside 1-3 is read as 1, the strictest.
 * The catalog's /Perms /DocMDP is the certification; a signature field whose value carries a DocMDP
 * reference is treated as one too, and the strictest level wins.
 */
export function certificationLevel(file: PdfFile, shape: DocumentShape): Permission | undefined {
  const sigs = [shape.docMdp, ...shape.signed.map((s) => s.sig)].filter((s): s is PdfDict => s !== undefined);
  let level: Permission | undefined;
  for (const sig of sigs) {
    for (const read of docMdpLevels(file, sig)) {
      const value: Permission = read === 'invalid' ? 1 : read;
      level = level === undefined ? value : (Math.min(level, value) as Permission);
    }
  }
  return level;
}

/** Decides whether a field (by fully qualified name) is locked by a signature already in the file. */
export type FieldLocks = (fullName: string) => boolean;

/**
 * §12.8.2.4 FieldMDP (/Action /All, /Include or /Exclude with /Fields) from each signature's
 * /Reference, and §12.7.4.5 /Lock dictionaries of signed signature fields (they take effect once signed).
 */
export function fieldLocks(file: PdfFile, shape: DocumentShape): FieldLocks {
  const rules: PdfDict[] = [];
  for (const s of shape.signed) {
    rules.push(...transformParams(file, s.sig, 'FieldMDP'));
    const lock = file.getDict(s.fieldDict, 'Lock');
    if (lock) rules.push(lock);
  }
  return (fullName) => rules.some((r) => locks(file, r, fullName));
}

function locks(file: PdfFile, rule: PdfDict, fullName: string): boolean {
  const action = nameValue(file.get(rule, 'Action'));
  const listed = names(file, file.get(rule, 'Fields')).some((n) => n === fullName || fullName.startsWith(`${n}.`));
  if (action === 'All') return true;
  if (action === 'Include') return listed;
  if (action === 'Exclude') return !listed;
  return true;
}

function names(file: PdfFile, arr: PdfObject | undefined): string[] {
  if (!Array.isArray(arr)) return [];
  checkWalkBound(arr.length, 'locked field names');
  return arr.flatMap((x) => {
    const s = file.resolve(x);
    return s instanceof PdfString ? [Buffer.from(s.bytes).toString('latin1')] : [];
  });
}
