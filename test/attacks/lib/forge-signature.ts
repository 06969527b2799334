import { createHash } from 'node:crypto';
import { createCmsSignature } from '../../../src/core/cms/sign-cms.js';
import { PdfRef } from '../../../src/core/pdf/objects.js';
import type { SigningIdentity } from '../../../src/core/sign/key-signer.js';
import { addToPageAndForm, signatureWidget } from './form-objects.js';
import { layoutOf, type SignedLayout } from './inspect.js';
import { appendRaw, type RawObject, type TailOptions } from './raw.js';

/** Where the new signature's /Contents value lies in the forged file. */
export type GapLayout = { readonly sigStart: number; readonly contentsStart: number; readonly contentsEnd: number; readonly fileEnd: number };

export type ForgedSignatureSpec = {
  readonly identity: SigningIdentity;
  /** 'cms' (default) reserves hex space for a real CMS over the written ranges; a string is the value as written; null omits the key. */
  readonly contents?: 'cms' | string | null;
  /** The /ByteRange value as PDF source, from the layout; null omits the key. Default: the gap is exactly /Contents. */
  readonly byteRange?: ((g: GapLayout) => string) | null;
  /** Source written right after the /Contents value (junk a gap may swallow). */
  readonly afterContents?: string;
  /** Extra entries of the signature dictionary, as PDF source (/Reference for DocMDP or UR3). */
  readonly sigExtra?: string;
  /** Objects the same revision adds or rewrites (the content change a forgery hides). */
  readonly extraObjects?: (l: SignedLayout, next: number) => RawObject[];
  readonly fieldName?: string;
  /** Put the field in /Fields and /Annots (default) or leave the signature dictionary unreferenced by a field. */
  readonly referencedBy?: 'field' | ((l: SignedLayout, sigRef: PdfRef) => RawObject[]);
  readonly tail?: TailOptions;
};

const RANGE_WIDTH = 64;
const CMS_BYTES = 8192;

export const standardRange = (g: GapLayout): string => `[0 ${g.contentsStart} ${g.contentsEnd} ${g.fileEnd - g.contentsEnd}]`;

/**
 * Appends a revision with a new signature field whose dictionary the attack shapes, and signs the
 * ranges as written with a real key, so that only the attacked property can make it fail.
 */
export async function appendForgedSignature(pdf: Buffer, spec: ForgedSignatureSpec): Promise<Buffer> {
  const l = layoutOf(pdf);
  const fieldNum = l.file.size;
  const sigNum = fieldNum + 1;
  const contents = spec.contents === undefined ? 'cms' : spec.contents;
  const contentsText = contents === 'cms' ? `<${'0'.repeat(CMS_BYTES * 2)}>` : contents;
  const parts = ['<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached'];
  if (spec.sigExtra) parts.push(spec.sigExtra);
  if (spec.byteRange !== null) parts.push(`/ByteRange ${' '.repeat(RANGE_WIDTH)}`);
  if (contentsText !== null) parts.push(`/Contents ${contentsText}${spec.afterContents ?? ''}`);
  parts.push("/M (D:20261127112005+08'00')>>");
  const sigRef = new PdfRef(sigNum, 0);
  const fieldRef = new PdfRef(fieldNum, 0);
  const objects: RawObject[] = [...(spec.extraObjects?.(l, sigNum + 1) ?? [])];
  if (spec.referencedBy === undefined || spec.referencedBy === 'field') {
    objects.push({ num: fieldNum, body: signatureWidget(l, spec.fieldName ?? 'Forged', sigRef) }, ...addToPageAndForm(l, fieldRef));
  } else objects.push(...spec.referencedBy(l, sigRef));
  objects.push({ num: sigNum, body: parts.join('\n') });
  const { bytes, offsets } = appendRaw(pdf, objects, spec.tail);
  const sigStart = offsets.get(sigNum)!;
  const contentsStart = contentsText === null ? sigStart : bytes.indexOf('/Contents ', sigStart, 'latin1') + 10;
  const g: GapLayout = { sigStart, contentsStart, contentsEnd: contentsStart + (contentsText?.length ?? 0), fileEnd: bytes.length };
  if (spec.byteRange !== null) {
    const text = (spec.byteRange ?? standardRange)(g);
    if (text.length > RANGE_WIDTH) throw new Error('ByteRange text too long for its placeholder');
    bytes.write(text, bytes.indexOf('/ByteRange ', sigStart, 'latin1') + 11, 'latin1');
  }
  if (contents === 'cms') await writeCms(bytes, g, spec);
  return bytes;
}

async function writeCms(bytes: Buffer, g: GapLayout, spec: ForgedSignatureSpec): Promise<void> {
  const written = spec.byteRange ? parseRange(spec.byteRange(g), bytes.length) : undefined;
  const [a, b, c, d] = written ?? [0, g.contentsStart, g.contentsEnd, g.fileEnd - g.contentsEnd];
  const digest = createHash('sha256').update(bytes.subarray(a, a + b)).update(bytes.subarray(c, c + d)).digest();
  const der = await createCmsSignature({ contentDigest: digest, digestAlgorithm: 'sha256', identity: spec.identity });
  bytes.write(der.toString('hex'), g.contentsStart + 1, 'latin1');
}

/** The four integers of a ByteRange the attack wrote, when they describe ranges inside the file. */
function parseRange(text: string, size: number): [number, number, number, number] | undefined {
  const n = (text.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isInteger(x) || x < 0) || n[0]! + n[1]! > size || n[2]! + n[3]! > size) return undefined;
  return n as [number, number, number, number];
}
