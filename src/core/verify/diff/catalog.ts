import { PdfDict, PdfName, PdfRef, PdfString, type PdfObject } from '../../pdf/objects.js';
import { acroFormChange, safeKey } from './acroform.js';
import { changedKeys, sameObject } from './compare.js';
import { allow, explainOne, explainTree, forbid, reportAll, usedOnce, type DiffContext, type Outcome } from './context.js';
import { dssEntryChange } from './dss.js';

/**
 * The catalog (ISO 32000-1 §7.7.2) may change only where signing and long-term validation need it:
 * /AcroForm (judged by the form rules), /DSS, /Extensions, /Metadata and a raised /Version. /Metadata is allowed with a
 * warning code: XMP can change the title a viewer shows, never the pages. Everything else — /Perms,
 * /OpenAction, /AA, /Names (JavaScript, embedded files), /Outlines, /Pages — is forbidden.
 */
export function catalogChange(ctx: DiffContext, num: number, before: PdfObject | undefined, after: PdfObject | undefined): void {
  if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) {
    reportAll(ctx, num, [forbid('catalog_changed')]);
    return;
  }
  const outcomes = changedKeys(before, after).map((key) => catalogKeyChange(ctx, key, before.get(key), after.get(key)));
  reportAll(ctx, num, outcomes);
}

function catalogKeyChange(ctx: DiffContext, key: string, before: PdfObject | undefined, after: PdfObject | undefined): Outcome {
  switch (key) {
    case 'AcroForm':
      return acroFormEntryChange(ctx, before, after);
    case 'DSS':
      return dssEntryChange(ctx, before, after);
    case 'Extensions':
      return explained(ctx, after, allow('extensions_changed'));
    case 'Metadata':
      return explained(ctx, after, allow('metadata_changed'));
    case 'Version':
      return versionChange(before, after);
    case 'Perms':
      return forbid(sameObject(docMdpOf(ctx, before, 'old'), docMdpOf(ctx, after, 'cur')) ? 'catalog_changed:Perms' : 'certification_changed');
    default:
      return forbid(`catalog_changed:${safeKey(key)}`);
  }
}

/**
 * §7.2.2: /Version may raise the document's version in an update (pyHanko does for ISO/TS 32002
 * signatures); it changes no page, so a raise is allowed and anything else is not.
 */
function versionChange(before: PdfObject | undefined, after: PdfObject | undefined): Outcome {
  const v = (o: PdfObject | undefined): number | undefined => {
    const m = o instanceof PdfName ? /^(\d+)\.(\d+)$/.exec(o.name) : null;
    return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
  };
  const old = before === undefined ? 0 : v(before);
  const cur = v(after);
  return old !== undefined && cur !== undefined && cur >= old ? allow('version_raised') : forbid('catalog_changed:Version');
}

function explained(ctx: DiffContext, value: PdfObject | undefined, outcome: Outcome): Outcome {
  explainTree(ctx, value, outcome);
  return outcome;
}

function docMdpOf(ctx: DiffContext, perms: PdfObject | undefined, side: 'old' | 'cur'): PdfObject | undefined {
  const d = ctx[side].resolve(perms);
  return d instanceof PdfDict ? d.get('DocMDP') : undefined;
}

/**
 * /AcroForm may appear (a form for the first signature field), or point at a new copy of the form;
 * it may not be switched to another object of the earlier revision.
 */
function acroFormEntryChange(ctx: DiffContext, before: PdfObject | undefined, after: PdfObject | undefined): Outcome {
  if (after instanceof PdfRef && !ctx.added.has(after.num)) return forbid('catalog_changed:AcroForm');
  const oldForm = ctx.old.resolve(before);
  const outcomes = acroFormChange(ctx, oldForm instanceof PdfDict ? oldForm : undefined, ctx.cur.resolve(after));
  const worst = outcomes.find((o) => !o.allowed) ?? allow(before === undefined ? 'acroform_added' : 'acroform_updated');
  if (worst.allowed) explainOne(ctx, after, worst);
  return worst;
}

/**
 * §14.3.3, Table 317: the document information dictionary holds text strings and dates, shown by
 * viewers and never drawn. A new value may be an indirect string; nothing else it refers to is
 * explained by it, since a dictionary, array or stream hung off /Info is no information a viewer shows,
 * only a way to make new objects (a forged catalog, say) look accounted for.
 */
function explainInfo(ctx: DiffContext, info: PdfDict): Outcome {
  const outcome = allow('document_info_changed');
  for (const value of info.map.values()) {
    if (value instanceof PdfRef && ctx.added.has(value.num) && ctx.cur.getObject(value.num) instanceof PdfString) explainOne(ctx, value, outcome);
  }
  return outcome;
}

/** The document information dictionary rewritten in place: allowed with a warning. */
export function infoChange(ctx: DiffContext, num: number, after: PdfObject | undefined): void {
  if (!(after instanceof PdfDict) || !usedOnce(ctx, num)) {
    reportAll(ctx, num, [forbid(after instanceof PdfDict ? 'shared_object_changed' : 'object_changed')]);
    return;
  }
  reportAll(ctx, num, [explainInfo(ctx, after)]);
}

function firstId(trailer: PdfDict): PdfObject | undefined {
  const id = trailer.get('ID');
  return Array.isArray(id) ? id[0] : undefined;
}

/** The catalog's XMP metadata stream (§14.3.2), rewritten in place. */
export function metadataChange(ctx: DiffContext, num: number, after: PdfObject | undefined): void {
  reportAll(ctx, num, [usedOnce(ctx, num) ? explained(ctx, after, allow('metadata_changed')) : forbid('shared_object_changed')]);
}

/**
 * §7.5.6 trailer: the same /Root; a new /Info dictionary is allowed with a warning. The same /Encrypt
 * and, in an encrypted file, the same first /ID element (§7.6.3.3 mixes it into the key): readers
 * decrypt the whole file with what the newest trailer says, so a change there changes every signed
 * string and stream at once.
 */
export function trailerChange(ctx: DiffContext): void {
  const encrypted = ctx.old.trailer.has('Encrypt') || ctx.cur.trailer.has('Encrypt');
  if (encrypted && (!sameObject(ctx.old.trailer.get('Encrypt'), ctx.cur.trailer.get('Encrypt')) || !sameObject(firstId(ctx.old.trailer), firstId(ctx.cur.trailer)))) {
    reportAll(ctx, 0, [forbid('encryption_changed')]);
  }
  const oldRoot = ctx.old.trailer.get('Root');
  const newRoot = ctx.cur.trailer.get('Root');
  if (!(oldRoot instanceof PdfRef) || !(newRoot instanceof PdfRef) || oldRoot.num !== newRoot.num) {
    reportAll(ctx, newRoot instanceof PdfRef ? newRoot.num : 0, [forbid('trailer_root_changed')]);
  }
  const info = ctx.cur.trailer.get('Info');
  const infoDict = info instanceof PdfRef ? ctx.cur.getObject(info.num) : undefined;
  if (!sameObject(ctx.old.trailer.get('Info'), info) && info instanceof PdfRef && ctx.added.has(info.num) && infoDict instanceof PdfDict) {
    explainOne(ctx, info, explainInfo(ctx, infoDict));
  }
}
