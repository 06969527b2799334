import { PdfStream, isName } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import type { ModificationFinding } from '../report.js';
import type { Permission } from '../../pdf/docmdp.js';
import { certificationLevel, fieldLocks } from './certification.js';
import { ambiguityFindings } from './ambiguity.js';
import { allow, forbid, report, type DiffContext } from './context.js';
import { trailerChange } from './catalog.js';
import { referenceIndex, type ReferenceIndex } from './graph.js';
import { judgeOverride } from './overrides.js';
import { isReaderError } from './reader-errors.js';
import { describeDocument } from './roles.js';

export type ModificationInput = {
  readonly file: PdfFile;
  /** Index into file.sections (newest first) of the section the signature covers. */
  readonly signedSection: number;
  /** Object number of the signature's /V dictionary. */
  readonly signatureObject: number;
};

export type ModificationAnalysis = {
  readonly findings: ModificationFinding[];
  /** The DocMDP certification of the signed revision, when it has one. */
  readonly certification?: { readonly permission: Permission };
};

/**
 * Allowed changes a report should still show as warnings: they change what a viewer shows around the
 * pages (title, metadata) or draw over them (annotations a P = 3 certification permits).
 */
export const MODIFICATION_WARNINGS: ReadonlySet<string> = new Set(['metadata_changed', 'document_info_changed', 'annotation_after_certification']);

/**
 * What a DocMDP P = 1 certification still allows (§12.8.2.2, ETSI EN 319 142-1 §5.4): validation data
 * and document timestamps, and changes that change nothing.
 */
const ALLOWED_AFTER_P1 = new Set([
  'container', 'identical_rewrite', 'unreferenced_object', 'dss_added', 'dss_updated', 'document_timestamp_added', 'acroform_updated',
]);

/**
 * Classifies every object each revision after the signed one adds, redefines or frees, the way
 * pyHanko's diff analysis does: a change is allowed only when a named rule explains it. Each revision
 * is compared with the one before it. Reader errors become findings, never exceptions.
 */
export function analyseModifications(input: ModificationInput): ModificationAnalysis {
  const { file, signedSection } = input;
  const findings: ModificationFinding[] = [];
  const revisionOf = (section: number): number => file.sections.length - 1 - section;
  const signed = file.asOfSection(signedSection);
  let permission: Permission | undefined;
  let signedRefs: ReferenceIndex | undefined;
  try {
    permission = certificationLevel(signed, describeDocument(signed));
    if (signedSection > 0) signedRefs = referenceIndex(signed);
  } catch (e) {
    if (!isReaderError(e)) throw e;
    findings.push({ revision: revisionOf(signedSection), objectNumber: 0, allowed: false, code: 'unreadable_object' });
  }
  if (signedRefs && !signedRefs.complete) {
    findings.push({ revision: revisionOf(signedSection), objectNumber: 0, allowed: false, code: 'unreadable_object' });
  }
  const pending: ModificationFinding[] = [];
  for (let i = signedSection - 1; i >= 0; i--) {
    const revisionFindings = analyseRevision(file, i, revisionOf(i), { permission, signatureObject: input.signatureObject, signedRefs }, pending);
    findings.push(...(permission === 1 ? revisionFindings.map(restrictToP1) : revisionFindings));
  }
  findings.push(...resolvePending(file, pending));
  findings.sort((a, b) => a.revision - b.revision);
  return permission === undefined ? { findings } : { findings, certification: { permission } };
}

function restrictToP1(f: ModificationFinding): ModificationFinding {
  return f.allowed && !ALLOWED_AFTER_P1.has(f.code) ? { ...f, allowed: false, code: 'certification_forbids_changes' } : f;
}

type SignedFacts = { readonly permission: Permission | undefined; readonly signatureObject: number; readonly signedRefs: ReferenceIndex | undefined };

function analyseRevision(file: PdfFile, section: number, revision: number, facts: SignedFacts, pending: ModificationFinding[]): ModificationFinding[] {
  const findings: ModificationFinding[] = [];
  const unreadable = (objectNumber: number): void => void findings.push({ revision, objectNumber, allowed: false, code: 'unreadable_object' });
  let ctx: DiffContext;
  try {
    ctx = revisionContext(file, section, revision, facts.permission, findings);
  } catch (e) {
    if (!isReaderError(e)) throw e;
    unreadable(0);
    return findings;
  }
  for (const [num, entry] of file.sections[section]!.entries) {
    const before = ctx.old.entry(num);
    if (entry.type === 'free' && num !== 0 && before !== undefined && before.type !== 'free') report(ctx, num, forbid('object_freed'));
  }
  ambiguityFindings(ctx, file, section);
  for (const num of overriddenIn(ctx, file, section)) guard(() => judgeOverride(ctx, num, facts.signatureObject), () => unreadable(num));
  guard(() => trailerChange(ctx), () => unreadable(0));
  for (const num of ctx.added) guard(() => judgeAdded(ctx, num, facts, pending), () => unreadable(num));
  return findings;
}

function revisionContext(file: PdfFile, section: number, revision: number, permission: Permission | undefined, findings: ModificationFinding[]): DiffContext {
  const old = file.asOfSection(section + 1);
  const cur = file.asOfSection(section);
  const added = new Set<number>();
  for (const [num, entry] of file.sections[section]!.entries) {
    const before = old.entry(num);
    if (entry.type !== 'free' && num !== 0 && (before === undefined || before.type === 'free')) added.add(num);
  }
  const shape = describeDocument(old);
  return { old, cur, revision, added, shape, permission, locked: fieldLocks(old, shape), findings, explained: new Map(), judged: new Map() };
}

function overriddenIn(ctx: DiffContext, file: PdfFile, section: number): number[] {
  return [...file.sections[section]!.entries]
    .filter(([num, entry]) => entry.type !== 'free' && !ctx.added.has(num) && num !== 0)
    .map(([num]) => num);
}

/**
 * A new object: object and cross-reference streams are containers (what they hold is judged object by
 * object); others need a rule that reached them. Defining a number the signed revision already
 * referred to (a dangling reference, read as null when signed) changes signed content without
 * touching a signed object: the hide-and-replace variant that plants references before signing.
 */
function judgeAdded(ctx: DiffContext, num: number, facts: SignedFacts, pending: ModificationFinding[]): void {
  if (facts.signedRefs?.dangling.has(num)) {
    report(ctx, num, forbid('dangling_reference_defined'));
    return;
  }
  const value = ctx.cur.getObject(num);
  if (value instanceof PdfStream && isName(value.dict.get('Type'), 'ObjStm')) {
    report(ctx, num, listsItsMembers(ctx, num) ? allow('container') : forbid('object_stream_member_unlisted'));
    return;
  }
  if (value instanceof PdfStream && isName(value.dict.get('Type'), 'XRef')) {
    report(ctx, num, allow('container'));
    return;
  }
  const outcome = ctx.explained.get(num);
  if (outcome) report(ctx, num, outcome);
  else pending.push({ revision: ctx.revision, objectNumber: num, allowed: false, code: 'unexplained_object' });
}

/**
 * An object stream is a container only for objects the revision's table lists in it (§7.5.7): one it
 * holds unlisted is an object no strict reader reads, and one MuPDF's repair takes (it reads every
 * object stream it finds), as a definition hidden in stream data is for poppler.
 */
function listsItsMembers(ctx: DiffContext, num: number): boolean {
  return ctx.cur.objectStreamMembers(num).every((member, index) => {
    const e = ctx.cur.entry(member);
    return e?.type === 'compressed' && e.stream === num && e.index === index;
  });
}

/** New objects no rule explains are harmless only when nothing in the final revision refers to them. */
function resolvePending(file: PdfFile, pending: readonly ModificationFinding[]): ModificationFinding[] {
  if (pending.length === 0) return [];
  let index: ReferenceIndex | undefined;
  try {
    index = referenceIndex(file);
  } catch (e) {
    if (!isReaderError(e)) throw e;
  }
  return pending.map((f) =>
    index?.complete && !index.counts.has(f.objectNumber) ? { ...f, allowed: true, code: 'unreferenced_object' } : f,
  );
}

function guard(fn: () => void, onReaderError: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!isReaderError(e)) throw e;
    onReaderError();
  }
}
