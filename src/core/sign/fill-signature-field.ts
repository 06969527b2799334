import { PdfDict, type PdfRef } from '../pdf/objects.js';
import type { ObjectAllocator } from '../pdf/object-allocator.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import type { EmptySignatureField } from './empty-signature-fields.js';
import { markSignaturesExist } from './signature-field.js';

export type FillInput = {
  readonly file: PdfFile;
  readonly target: EmptySignatureField;
  readonly signatureRef: PdfRef;
  /** The seal drawn into the widget's /Rect; absent to leave the widget's appearance as it is. */
  readonly appearanceRef?: PdfRef;
  readonly alloc: ObjectAllocator;
};

/**
 * Signs into a signature field the document already has (ISO 32000-1 §12.7.4.5): the field gains
 * /V and its widget a new /AP /N, and nothing else of either changes — not /Rect, /F or the field's
 * name. That is the change a certification with DocMDP P=2 or 3 permits (§12.8.2.2, Table 254:
 * "signing existing signature fields"); a new field would add to the form the certifier signed.
 */
export function fillSignatureField(input: FillInput): void {
  const { file, target, alloc } = input;
  const field = new PdfDict(new Map(target.field.map)).set('V', input.signatureRef);
  const merged = target.widgetRef.num === target.fieldRef.num;
  if (input.appearanceRef) {
    const widget = merged ? field : new PdfDict(new Map(target.widget.map));
    widget.set('AP', new PdfDict().set('N', input.appearanceRef));
    if (!merged) alloc.set(target.widgetRef, widget);
  }
  alloc.set(target.fieldRef, field);
  markSignaturesExist(file, alloc);
}
