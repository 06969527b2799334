import type { Permission } from '../pdf/docmdp.js';
import { hasDuplicateKeys } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { locateUnsignedFields, type EmptySignatureField, type UnsignedField } from './empty-signature-fields.js';
import type { SignWarning } from './types.js';

/** Where the signature goes: into a field the document has, or into a field of our own. */
export type FieldPlan =
  | { readonly kind: 'fill'; readonly target: EmptySignatureField; readonly visible: boolean }
  | { readonly kind: 'new'; readonly visible: boolean };

export type PlanInput = {
  readonly certification: Permission | undefined;
  /** The document's unsigned signature fields (empty-signature-fields.ts). */
  readonly unsigned: readonly UnsignedField[];
  /** Whether a signature already in the file locks the field of this fully qualified name. */
  readonly locked: (fullName: string) => boolean;
  /** The caller wants the seal shown (not `seal=none`). */
  readonly visible: boolean;
  /** The page asked for (1-based): a prepared field there is preferred. */
  readonly page?: number;
};

const NEW_FIELD_WARNING: SignWarning = {
  code: 'new_field_after_certification',
  message: 'The document is certified and has no empty signature field, so the seal was added in a new visible field; strict validators may report that as a change the certification does not permit.',
};

const SEAL_NOT_SHOWN: SignWarning = {
  code: 'seal_not_shown',
  message: "The document is certified and its only empty signature field is invisible, so the signature went into that field and the seal is not shown.",
};

/**
 * After a certification with DocMDP P=2 or 3 (ISO 32000-1 §12.8.2.2, Table 254) the permitted
 * change is signing an existing signature field; validators such as pyHanko also accept a new
 * field that draws nothing, and judge a new visible one a modification. So in a certified document:
 * a visible seal goes into an empty field with a visible widget (one on the page asked for first);
 * failing that into an invisible empty field, unseen; failing that into a new field, with a warning.
 * An invisible signature takes an invisible empty field, else a new invisible field of its own,
 * leaving the prepared visible fields to the signers they were made for. Uncertified documents
 * get a new field, as the form they have is nobody's promise.
 */
export function planField(file: PdfFile, input: PlanInput): { plan: FieldPlan; warnings: SignWarning[] } {
  if (input.certification === undefined) return { plan: { kind: 'new', visible: input.visible }, warnings: [] };
  // A dictionary that gives a key twice means different fields to different readers: not ours to fill.
  // A locked one is the certifier's to keep empty: filling it is a change validators forbid.
  const empty = locateUnsignedFields(file, input.unsigned).filter((f) => !hasDuplicateKeys(f.field) && !hasDuplicateKeys(f.widget) && !input.locked(f.fullName));
  const shown = empty.filter((f) => f.rect !== undefined && f.page !== undefined);
  const unseen = empty.filter((f) => !shown.includes(f));
  if (!input.visible) {
    return { plan: unseen[0] ? { kind: 'fill', target: unseen[0], visible: false } : { kind: 'new', visible: false }, warnings: [] };
  }
  const preferred = shown.find((f) => f.page?.number === input.page) ?? shown[0];
  if (preferred) return { plan: { kind: 'fill', target: preferred, visible: true }, warnings: [] };
  if (unseen[0]) return { plan: { kind: 'fill', target: unseen[0], visible: false }, warnings: [SEAL_NOT_SHOWN] };
  return { plan: { kind: 'new', visible: true }, warnings: [NEW_FIELD_WARNING] };
}
