import { acroFormObjectChange, fieldsArrayChange } from './acroform.js';
import { annotsArrayChange, pageChange } from './annotations.js';
import { catalogChange, infoChange, metadataChange } from './catalog.js';
import { sameObject } from './compare.js';
import { allow, forbid, reportAll, type DiffContext } from './context.js';
import { dssObjectChange } from './dss.js';
import { appearanceChange, fieldChange } from './form-fill.js';
import { isSignatureDict } from './signature-fields.js';

function generationOf(file: DiffContext['old'], num: number): number {
  const e = file.entry(num);
  return e?.type === 'offset' ? e.gen : 0;
}

/**
 * An object of the earlier revision that this revision redefines, judged by the rule of the role it
 * had there. An object with no role (a content stream, a font, an XObject, an object stream) may not
 * change at all: that is how the incremental-saving and shadow attacks are caught.
 */
export function judgeOverride(ctx: DiffContext, num: number, signatureObject: number): void {
  const before = ctx.old.getObject(num);
  const after = ctx.cur.getObject(num);
  // References name an object by number and generation (§7.3.10): a new generation under the same
  // number is, for readers that honour it, a different object, and the old references dangle.
  if (generationOf(ctx.old, num) !== generationOf(ctx.cur, num)) {
    reportAll(ctx, num, [forbid('object_generation_changed')]);
    return;
  }
  if (sameObject(before, after)) {
    reportAll(ctx, num, [allow('identical_rewrite')]);
    return;
  }
  // A signature dictionary is what its signature covers: once written it never changes.
  if (num === signatureObject || isSignatureDict(before)) {
    reportAll(ctx, num, [forbid('signature_dictionary_changed')]);
    return;
  }
  const role = ctx.shape.roles.get(num);
  switch (role?.kind) {
    case 'catalog':
      return catalogChange(ctx, num, before, after);
    case 'page':
    case 'page-node':
      return pageChange(ctx, num, before, after, role.kind === 'page');
    case 'annots':
      return annotsArrayChange(ctx, num, before, after);
    case 'acroform':
      return acroFormObjectChange(ctx, num, before, after);
    case 'fields':
      return fieldsArrayChange(ctx, num, before, after);
    case 'field':
      return fieldChange(ctx, num, role.field, before, after);
    case 'appearance':
      return appearanceChange(ctx, num, role.field, after);
    case 'dss':
      return dssObjectChange(ctx, num, after);
    case 'info':
      return infoChange(ctx, num, after);
    case 'metadata':
      return metadataChange(ctx, num, after);
    default:
      reportAll(ctx, num, [forbid('object_changed')]);
  }
}
