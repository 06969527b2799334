import { PdfDict, PdfRef, PdfString, name, textString, type PdfObject } from '../../../src/core/pdf/objects.js';
import { decodeText } from '../../../src/core/pdf/text-string.js';
import type { AttackContext, BaseName, Generator } from '../lib/context.js';
import { LOCKED_FIELD } from '../lib/context.js';
import { layoutOf, withKeys, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, type RawObject } from '../lib/raw.js';

/**
 * Form tampering after a signature: the field's identity (type, kids, name), the page tree, or its
 * value where nothing permits filling it (an approval signature only, or a FieldMDP lock).
 */
export function formField(l: SignedLayout, fullName: string): { num: number; dict: PdfDict } {
  const form = l.file.getDict(l.catalog, 'AcroForm');
  const fields = form ? l.file.get(form, 'Fields') : undefined;
  const stack = (Array.isArray(fields) ? fields : []).map((ref) => ({ ref, prefix: '' }));
  while (stack.length > 0) {
    const { ref, prefix } = stack.pop()!;
    const d = l.file.resolve(ref);
    if (!(ref instanceof PdfRef) || !(d instanceof PdfDict)) continue;
    const t = d.get('T');
    const name = t instanceof PdfString ? prefix + decodeText(t) : prefix.replace(/\.$/, '');
    if (name === fullName) return { num: ref.num, dict: d };
    const kids = l.file.get(d, 'Kids');
    if (Array.isArray(kids)) stack.push(...kids.map((k) => ({ ref: k, prefix: `${name}.` })));
  }
  throw new Error(`no field ${fullName}`);
}

async function changeField(ctx: AttackContext, base: BaseName, fieldName: string, changes: Record<string, PdfObject | undefined>): Promise<Buffer> {
  const signed = await ctx.base(base);
  const l = layoutOf(signed);
  const f = formField(l, fieldName);
  return appendRaw(signed, [{ num: f.num, body: withKeys(f.dict, changes) }]).bytes;
}

/** A second page appended to the page tree (§7.7.3.2): /Kids and /Count of the root node. */
function pageAdded(l: SignedLayout): RawObject[] {
  const rootRef = l.catalog.get('Pages') as PdfRef;
  const root = l.file.resolve(rootRef) as PdfDict;
  const kids = l.file.get(root, 'Kids') as PdfObject[];
  const num = l.file.size;
  const last = l.pages[l.pages.length - 1]!;
  return [
    { num, body: withKeys(last.dict, { Annots: undefined, Parent: rootRef }) },
    { num: rootRef.num, body: withKeys(root, { Kids: [...kids, new PdfRef(num, 0)], Count: kids.length + 1 }) },
  ];
}

const FILLED = textString('Mallory Example');

export const formGenerators: Record<string, Generator> = {
  'form-field-type-changed': (ctx) => changeField(ctx, 'form', 'applicant.name', { FT: name('Btn') }),
  'form-field-kids-added': (ctx) => changeField(ctx, 'form', 'applicant.agree', { Kids: [] }),
  'form-field-renamed': (ctx) => changeField(ctx, 'form', 'applicant.name', { T: textString('applicant.nickname') }),
  'form-page-tree-changed': async (ctx) => {
    const signed = await ctx.base('form');
    return appendRaw(signed, pageAdded(layoutOf(signed))).bytes;
  },
  'form-filled-after-approval-signature': (ctx) => changeField(ctx, 'form', 'applicant.name', { V: FILLED }),
  'form-locked-field-filled': (ctx) => changeField(ctx, 'certified-p2-locked', LOCKED_FIELD, { V: FILLED }),
  'form-fill-permitted-by-p2': (ctx) => changeField(ctx, 'certified-p2', 'applicant.name', { V: FILLED }),
};
