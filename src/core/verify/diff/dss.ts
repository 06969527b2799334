import { PdfDict, type PdfObject } from '../../pdf/objects.js';
import { allow, explainTree, forbid, reportAll, usedOnce, type DiffContext, type Outcome } from './context.js';

/**
 * ETSI EN 319 142-1 §5.4 (PAdES LTV): a DSS dictionary with certificates, CRLs, OCSP responses and VRI
 * entries may be added or extended after signing; none of it is drawn. New objects it reaches are its own.
 */
export function dssEntryChange(ctx: DiffContext, before: PdfObject | undefined, after: PdfObject | undefined): Outcome {
  if (after === undefined) return forbid('dss_removed');
  const outcome = allow(before === undefined ? 'dss_added' : 'dss_updated');
  explainTree(ctx, after, outcome);
  return outcome;
}

/**
 * The DSS dictionary, one of its arrays or a VRI dictionary, rewritten in place. Streams are not
 * rewritable (a later revision adds new ones), and the object must be used only by the DSS.
 */
export function dssObjectChange(ctx: DiffContext, num: number, after: PdfObject | undefined): void {
  if (!(after instanceof PdfDict || Array.isArray(after))) {
    reportAll(ctx, num, [forbid('dss_changed')]);
    return;
  }
  if (!usedOnce(ctx, num)) {
    reportAll(ctx, num, [forbid('shared_object_changed')]);
    return;
  }
  const outcome = allow('dss_updated');
  explainTree(ctx, after, outcome);
  reportAll(ctx, num, [outcome]);
}
