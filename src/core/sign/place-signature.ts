import type { PdfRef } from '../pdf/objects.js';
import type { ObjectAllocator } from '../pdf/object-allocator.js';
import { pageInfo, type PageInfo } from '../pdf/pages.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { buildSealAppearance } from '../seal/appearance.js';
import { buildFittedAppearance } from '../seal/fitted-appearance.js';
import { visualRotationFor } from '../seal/visual-space.js';
import type { FieldPlan } from './field-plan.js';
import { fillSignatureField } from './fill-signature-field.js';
import { SEAL_HEIGHT, SEAL_WIDTH, type SealLocation } from './seal-location.js';
import { addSignatureField, existingFieldNames } from './signature-field.js';
import type { SignRequest } from './types.js';

export type PlaceInput = {
  readonly file: PdfFile;
  readonly req: SignRequest;
  readonly plan: FieldPlan;
  /** The page a new field goes on, and its number. */
  readonly page: PageInfo;
  readonly pageNumber: number;
  /** Where a new visible seal goes (seal-location.ts); absent for every other plan. */
  readonly located?: SealLocation;
  readonly signatureRef: PdfRef;
  readonly alloc: ObjectAllocator;
};

export type Placed = { readonly fieldName: string; readonly pageNumber: number; readonly rect: [number, number, number, number] };

const NO_RECT: [number, number, number, number] = [0, 0, 0, 0];

/** Writes the field, widget and appearance objects of the plan; the signature dictionary is the caller's. */
export function placeSignature(input: PlaceInput): Placed {
  const { file, req, plan, alloc, signatureRef } = input;
  if (plan.kind === 'fill') {
    const { target } = plan;
    const page = target.page;
    const appearanceRef = plan.visible && target.rect && page
      ? buildFittedAppearance({
        seal: sealAppearance(input, 0),
        sealWidth: SEAL_WIDTH,
        sealHeight: SEAL_HEIGHT,
        rect: target.rect,
        rotation: visualRotationFor(pageInfo(file, page.ref).rotate),
        alloc,
      })
      : undefined;
    fillSignatureField({ file, target, signatureRef, appearanceRef, alloc });
    return { fieldName: target.fullName, pageNumber: page?.number ?? input.pageNumber, rect: appearanceRef ? target.rect! : NO_RECT };
  }
  const located = plan.visible ? input.located : undefined;
  const appearanceRef = located ? sealAppearance(input, located.rotation) : undefined;
  const fieldName = uniqueFieldName(file, `docseal-${req.seal.documentId}`);
  const rect = located?.rect ?? NO_RECT;
  addSignatureField({ file, page: input.page, rect, fieldName, signatureRef, appearanceRef, alloc });
  return { fieldName, pageNumber: input.pageNumber, rect };
}

function sealAppearance(input: PlaceInput, rotation: SealLocation['rotation']): PdfRef {
  const { req, alloc } = input;
  return buildSealAppearance({ content: req.seal, font: req.sealFont, width: SEAL_WIDTH, height: SEAL_HEIGHT, rotation, alloc });
}

function uniqueFieldName(file: PdfFile, wanted: string): string {
  const taken = existingFieldNames(file);
  let candidate = wanted;
  for (let i = 2; taken.has(candidate); i++) candidate = `${wanted}-${i}`;
  return candidate;
}
