import { PdfRef, type PdfObject } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import type { ModificationFinding } from '../report.js';
import type { Permission } from '../../pdf/docmdp.js';
import type { FieldLocks } from './certification.js';
import { checkWalkBound } from '../../walk-bound.js';
import { forEachRef, referenceIndex, type ReferenceIndex } from './graph.js';
import type { DocumentShape } from './roles.js';

export type Outcome = { readonly allowed: boolean; readonly code: string };

/** One revision being judged against the revision before it. */
export type DiffContext = {
  readonly old: PdfFile;
  readonly cur: PdfFile;
  readonly revision: number;
  /** Objects this revision defines that the revision before did not. */
  readonly added: ReadonlySet<number>;
  readonly shape: DocumentShape;
  /** Certification level of the signed revision. */
  readonly permission: Permission | undefined;
  readonly locked: FieldLocks;
  readonly findings: ModificationFinding[];
  /** New objects a rule has accounted for, with that rule's outcome. */
  readonly explained: Map<number, Outcome>;
  /** Memo of judged new signature fields and annotations (one is often listed in /Annots and /Fields). */
  readonly judged: Map<number, Outcome>;
  referrers?: ReferenceIndex;
};

export function report(ctx: DiffContext, objectNumber: number, o: Outcome): void {
  ctx.findings.push({ revision: ctx.revision, objectNumber, allowed: o.allowed, code: o.code });
}

export const allow = (code: string): Outcome => ({ allowed: true, code });
export const forbid = (code: string): Outcome => ({ allowed: false, code });

/** Reports each distinct outcome once; when any is forbidden only the forbidden ones matter. */
export function reportAll(ctx: DiffContext, objectNumber: number, outcomes: readonly Outcome[]): void {
  const bad = outcomes.filter((o) => !o.allowed);
  const chosen = bad.length > 0 ? bad : outcomes;
  const seen = new Set<string>();
  for (const o of chosen) {
    if (seen.has(o.code)) continue;
    seen.add(o.code);
    report(ctx, objectNumber, o);
  }
}

/**
 * Marks the new objects reachable from `value` through other new objects as explained by `outcome`.
 * The walk never passes through an object of the earlier revision: a new object reached only that way
 * changes what an unchanged object means, which no rule allows.
 */
export function explainTree(ctx: DiffContext, value: PdfObject | undefined, outcome: Outcome): void {
  const stack: (PdfObject | undefined)[] = [value];
  let visited = 0;
  while (stack.length > 0) {
    forEachRef(stack.pop(), (r) => {
      if (!ctx.added.has(r.num) || ctx.explained.has(r.num)) return;
      ctx.explained.set(r.num, outcome);
      checkWalkBound(++visited, 'new objects under one change');
      stack.push(ctx.cur.getObject(r.num));
    });
  }
}

/** Marks one new object as explained without walking into it (its contents are judged separately). */
export function explainOne(ctx: DiffContext, value: PdfObject | undefined, outcome: Outcome): void {
  if (value instanceof PdfRef && ctx.added.has(value.num) && !ctx.explained.has(value.num)) ctx.explained.set(value.num, outcome);
}

/**
 * A rule that lets an object of the earlier revision change in place (an /Annots array, an appearance
 * stream, a DSS array) also needs that object to be used only there: a crafted file could make the
 * same array a page's /Contents, or the same stream a page's content.
 */
export function usedOnce(ctx: DiffContext, num: number): boolean {
  ctx.referrers ??= referenceIndex(ctx.old);
  return ctx.referrers.complete && ctx.referrers.counts.get(num) === 1;
}
