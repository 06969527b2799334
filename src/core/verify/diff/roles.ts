import { PdfDict, PdfRef, PdfString, isName, type PdfObject } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import { decodeText } from '../../pdf/text-string.js';
import { checkWalkBound } from '../../walk-bound.js';

export type FieldInfo = {
  /** Object number of the terminal field (a widget-only kid points at its parent's). */
  readonly num: number;
  /** Fully qualified name (ISO 32000-1 §12.7.3.2). */
  readonly fullName: string;
  /** /FT /Sig, inherited (§12.7.3.1). */
  readonly isSig: boolean;
};

/** What an object was in the revision before a change: the rule that may explain its change. */
export type Role =
  | { readonly kind: 'catalog' | 'page' | 'page-node' | 'annots' | 'acroform' | 'fields' | 'dss' | 'info' | 'metadata' | 'ambiguous' }
  | { readonly kind: 'field' | 'appearance'; readonly field: FieldInfo };

export type SignedField = { readonly field: FieldInfo; readonly fieldDict: PdfDict; readonly sig: PdfDict };

export type DocumentShape = {
  readonly roles: ReadonlyMap<number, Role>;
  /** Signature fields whose /V is a signature dictionary. */
  readonly signed: readonly SignedField[];
  /** The catalog's /Perms /DocMDP signature dictionary (§12.8.4.2), when there is one. */
  readonly docMdp: PdfDict | undefined;
};

/**
 * The roles of the objects of one revision. An object found in two different roles (a page that is
 * also a field, say) gets the role 'ambiguous', which no rule allows to change: a crafted document
 * must not borrow the lenient rule of one role to change what the object means in the other.
 */
export function describeDocument(file: PdfFile): DocumentShape {
  const roles = new Map<number, Role>();
  const assign = (o: PdfObject | undefined, role: Role): void => {
    if (!(o instanceof PdfRef)) return;
    const had = roles.get(o.num);
    roles.set(o.num, had && had.kind !== role.kind ? { kind: 'ambiguous' } : (had ?? role));
  };
  const rootRef = file.trailer.get('Root');
  assign(rootRef, { kind: 'catalog' });
  assign(file.trailer.get('Info'), { kind: 'info' });
  const catalog = file.catalog();
  assign(catalog.get('Metadata'), { kind: 'metadata' });
  describePages(file, catalog.get('Pages'), assign);
  describeDss(file, catalog.get('DSS'), assign);
  const signed = describeFields(file, catalog, assign);
  const perms = file.getDict(catalog, 'Perms');
  const docMdp = perms ? file.getDict(perms, 'DocMDP') : undefined;
  return { roles, signed, docMdp };
}

type Assign = (o: PdfObject | undefined, role: Role) => void;

function describePages(file: PdfFile, root: PdfObject | undefined, assign: Assign): void {
  const stack: PdfObject[] = root === undefined ? [] : [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const ref = stack.pop();
    if (!(ref instanceof PdfRef) || seen.has(ref.num)) continue;
    seen.add(ref.num);
    checkWalkBound(seen.size, 'page tree nodes');
    const node = file.resolve(ref);
    if (!(node instanceof PdfDict)) continue;
    const kids = file.get(node, 'Kids');
    if (isName(node.get('Type'), 'Page') || !Array.isArray(kids)) {
      assign(ref, { kind: 'page' });
      assign(node.get('Annots'), { kind: 'annots' });
      continue;
    }
    assign(ref, { kind: 'page-node' });
    stack.push(...kids);
  }
}

/** ETSI EN 319 142-1 §5.4.2: the DSS and its arrays and VRI dictionaries (not the streams they list). */
function describeDss(file: PdfFile, dssRef: PdfObject | undefined, assign: Assign): void {
  assign(dssRef, { kind: 'dss' });
  const dss = file.resolve(dssRef);
  if (!(dss instanceof PdfDict)) return;
  for (const key of ['Certs', 'CRLs', 'OCSPs']) assign(dss.get(key), { kind: 'dss' });
  assign(dss.get('VRI'), { kind: 'dss' });
  const vri = file.getDict(dss, 'VRI');
  if (!vri) return;
  let n = 0;
  for (const entry of vri.map.values()) {
    checkWalkBound(++n, 'validation-data entries');
    assign(entry, { kind: 'dss' });
    const d = file.resolve(entry);
    if (d instanceof PdfDict) for (const key of ['Cert', 'CRL', 'OCSP']) assign(d.get(key), { kind: 'dss' });
  }
}

type PendingField = { readonly ref: PdfObject; readonly prefix: string; readonly sig: boolean; readonly parent?: FieldInfo };

function describeFields(file: PdfFile, catalog: PdfDict, assign: Assign): SignedField[] {
  const formRef = catalog.get('AcroForm');
  assign(formRef, { kind: 'acroform' });
  const form = file.resolve(formRef);
  if (!(form instanceof PdfDict)) return [];
  assign(form.get('Fields'), { kind: 'fields' });
  const fields = file.get(form, 'Fields');
  const stack: PendingField[] = Array.isArray(fields) ? fields.map((ref) => ({ ref, prefix: '', sig: false })) : [];
  const seen = new Set<number>();
  const signed: SignedField[] = [];
  while (stack.length > 0) {
    const { ref, prefix, sig, parent } = stack.pop()!;
    if (!(ref instanceof PdfRef) || seen.has(ref.num)) continue;
    seen.add(ref.num);
    checkWalkBound(seen.size, 'form fields');
    const d = file.resolve(ref);
    if (!(d instanceof PdfDict)) continue;
    const t = d.get('T');
    // A kid without /T is a widget of its parent (§12.7.3.1), not a field of its own.
    const info: FieldInfo = t === undefined && parent ? parent : {
      num: ref.num,
      fullName: prefix + (t instanceof PdfString ? decodeText(t) : ''),
      isSig: d.has('FT') ? isName(d.get('FT'), 'Sig') : sig,
    };
    assign(ref, { kind: 'field', field: info });
    describeAppearances(file, d, info, assign);
    const v = file.get(d, 'V');
    if (info.isSig && v instanceof PdfDict) signed.push({ field: info, fieldDict: d, sig: v });
    const kids = file.get(d, 'Kids');
    if (Array.isArray(kids)) for (const k of kids) stack.push({ ref: k, prefix: `${info.fullName}.`, sig: info.isSig, parent: info });
  }
  return signed;
}

/** §12.5.5: /AP /N, /R, /D are streams or dictionaries of streams by appearance state. */
function describeAppearances(file: PdfFile, widget: PdfDict, field: FieldInfo, assign: Assign): void {
  const ap = file.getDict(widget, 'AP');
  if (!ap) return;
  for (const key of ['N', 'R', 'D']) {
    const v = ap.get(key);
    assign(v, { kind: 'appearance', field });
    const states = file.resolve(v);
    if (states instanceof PdfDict) {
      for (const s of states.map.values()) assign(s, { kind: 'appearance', field });
    }
  }
}
