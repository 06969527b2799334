import { createHash, type Hash } from 'node:crypto';
import { createCmsSignature } from '../cms/sign-cms.js';
import { estimateCmsSize } from '../cms/signature-size.js';
import { DocsealError } from '../errors.js';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../limits.js';
import { ObjectAllocator } from '../pdf/object-allocator.js';
import { locatePage, pageInfo } from '../pdf/pages.js';
import { PdfFile, translateParseErrors } from '../pdf/pdf-file.js';
import { writeIncrementalUpdate } from '../pdf-write/incremental-update.js';
import { serializeSignatureDict, writeByteRange } from '../pdf-write/signature-dict.js';
import type { PageInfo } from '../pdf/pages.js';
import { readSignatureFields } from './empty-signature-fields.js';
import { fieldLocks } from '../verify/diff/certification.js';
import { describeDocument } from '../verify/diff/roles.js';
import { planField, type FieldPlan } from './field-plan.js';
import { placeSignature } from './place-signature.js';
import { locateSeal, type SealLocation } from './seal-location.js';
import type { SignRequest, SignResult, SignWarning } from './types.js';
import { certificationOf, checkSignable } from './signable.js';
import { checkTouchedUnambiguous, checkUnambiguous } from './input-structure.js';

/** Lets the event loop run between slices of the seal placement's reading of the page. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Warnings a department with a strict input policy refuses instead of signing (hide-and-replace, docs/verifier-defences.md). */
const REFUSABLE: ReadonlySet<string> = new Set(['active_content', 'xfa_form', 'unreferenced_objects', 'definitions_in_stream_data']);

/**
 * Signs a PDF as an incremental update (prepare → digest → sign → embed, as pyHanko phases it):
 * 1. read only what we need (trailer, catalog, the chosen page) with our bounded reader;
 * 2. append the seal appearance, the signature dictionary with reserved /ByteRange and /Contents,
 *    the field/widget and the changed page/AcroForm objects (or, in a certified document, the
 *    prepared field signed into: field-plan.ts), a cross-reference section and trailer;
 * 3. hash the byte range in one pass, continuing the upload's running hash over the original;
 * 4. build the CMS and write its hex into the reserved /Contents, sized by estimateCmsSize.
 * Everything the file decodes on the way is charged to one budget of `limits.maxDecodedBytes`.
 */
export async function signPdf(req: SignRequest, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<SignResult> {
  const file = PdfFile.open(req.original, limits);
  const target = translateParseErrors(() => chooseTarget(file, req));
  // Only a new visible field needs a free spot: a prepared field has its /Rect, an invisible one none.
  const located = target.plan.kind === 'new' && target.plan.visible
    ? await translatedAsync(locateSeal(file, target.page, req.placement?.corner ?? 'bottom-right', nextTurn))
    : undefined;
  const running = req.originalHash ?? createHash('sha256').update(req.original);
  const sha256Original = running.copy().digest('hex');
  const estimate = estimateCmsSize({ identity: req.identity, digestAlgorithm: 'sha256' });
  let signed = await signInto(file, req, target, located, running, estimate + SPARE_BYTES);
  // A key backend may return a longer signature than its certificate's key implies (a token padding
  // its output, a certificate that does not match the key). Retry once with room to spare.
  if (signed.kind === 'too_small') signed = await signInto(file, req, target, located, running, signed.cmsLength + SPARE_BYTES);
  if (signed.kind === 'too_small') {
    throw new DocsealError('key_unavailable', 'The signing key produced a signature of unexpected size; the key or its certificate is misconfigured.', {
      cmsLength: signed.cmsLength,
    });
  }
  const { prepared, messageDigest } = signed;
  const { update, byteRange } = prepared;
  const sha256Signed = running.update(update).digest('hex');

  return {
    original: req.original,
    update,
    sha256Original,
    sha256Signed,
    sha256SignedRange: messageDigest.toString('hex'),
    fieldName: prepared.fieldName,
    byteRange,
    page: prepared.pageNumber,
    rect: prepared.rect,
    warnings: prepared.warnings,
  };
}

/**
 * Room beyond the estimate, and beyond what an attempt that did not fit needed. The estimate is exact
 * for what we build; a key backend whose signature deviates a little from what its certificate implies
 * (an HSM's encoding, a mismatched certificate) then still fits without a second signing operation,
 * which on a hardware token is another round trip. 1 KiB costs 2 KiB of zeros in the file.
 */
const SPARE_BYTES = 1024;

type Signed = { kind: 'signed'; prepared: PreparedUpdate; messageDigest: Buffer } | { kind: 'too_small'; cmsLength: number };

/**
 * Lays out the update with `reservation` bytes for /Contents, hashes the byte range (continuing the
 * upload's running hash over the original) and writes the CMS into the gap, when it fits.
 */
async function signInto(file: PdfFile, req: SignRequest, target: Target, located: SealLocation | undefined, running: Hash, reservation: number): Promise<Signed> {
  const prepared = translateParseErrors(() => prepareUpdate(file, req, target, located, reservation));
  file.budget.assertWithin();
  const { update, contentsStart, contentsEnd } = prepared;
  const rangeHash = running.copy();
  rangeHash.update(update.subarray(0, contentsStart));
  rangeHash.update(update.subarray(contentsEnd));
  const messageDigest = rangeHash.digest();
  const cms = await createCmsSignature({ contentDigest: messageDigest, digestAlgorithm: 'sha256', identity: req.identity });
  if (cms.length > reservation) return { kind: 'too_small', cmsLength: cms.length };
  update.write(cms.toString('hex'), contentsStart + 1, 'latin1');
  return { kind: 'signed', prepared, messageDigest };
}

type PreparedUpdate = {
  update: Buffer;
  contentsStart: number;
  contentsEnd: number;
  byteRange: [number, number, number, number];
  fieldName: string;
  pageNumber: number;
  rect: [number, number, number, number];
  warnings: SignWarning[];
};

type Target = { page: PageInfo; pageNumber: number; plan: FieldPlan; warnings: SignWarning[] };

/** The input policy, then the page a new field goes on and the field the signature goes into. */
function chooseTarget(file: PdfFile, req: SignRequest): Target {
  const fields = readSignatureFields(file);
  const certification = certificationOf(file, fields.values);
  const warnings: SignWarning[] = [...checkSignable(file, certification), ...checkUnambiguous(file)];
  const refused = warnings.filter((w) => REFUSABLE.has(w.code));
  if (req.strictInput && refused.length > 0) {
    throw new DocsealError('unsupported_pdf', `The department's policy refuses this input: ${refused.map((w) => w.message).join(' ')}`, {
      warnings: refused.map((w) => w.code),
    });
  }
  const wanted = req.placement?.page;
  if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 1)) {
    throw new DocsealError('invalid_request', 'page must be a positive integer.');
  }
  const { ref, count } = locatePage(file, wanted === undefined ? 'last' : wanted - 1);
  const page = pageInfo(file, ref);
  checkTouchedUnambiguous(file, page.dict);
  // §12.8.2.4 FieldMDP and §12.7.4.5 /Lock: a field an earlier signature locks is not ours to fill.
  const locked = certification === undefined ? () => false : fieldLocks(file, describeDocument(file));
  const planned = planField(file, { certification, unsigned: fields.unsigned, locked, visible: !req.invisible, page: wanted });
  return { page, pageNumber: wanted ?? count, plan: planned.plan, warnings: [...warnings, ...planned.warnings] };
}

function prepareUpdate(file: PdfFile, req: SignRequest, target: Target, located: SealLocation | undefined, reservation: number): PreparedUpdate {
  const warnings = [...target.warnings, ...(located?.warnings ?? [])];
  const alloc = new ObjectAllocator(file.size);
  const sigRef = alloc.reserve();
  const placed = placeSignature({ file, req, plan: target.plan, page: target.page, pageNumber: target.pageNumber, located, signatureRef: sigRef, alloc });
  const versionId = versionIdOf(file, req);
  const crypt = file.crypt;
  const sig = serializeSignatureDict(sigRef, {
    contentsBytes: reservation,
    signingTime: req.signingTime,
    utcOffsetMinutes: req.utcOffsetMinutes,
    name: req.signerName,
    reason: req.reason,
    location: req.location,
    contactInfo: req.contactInfo,
  }, crypt && ((d) => crypt.encrypt(d, sigRef, versionId)));
  const xrefRef = file.sections[0]!.kind === 'stream' ? alloc.reserve() : undefined;
  const base = {
    length: file.bytes.length,
    endsWithEol: endsWithEol(file.bytes),
    trailer: file.trailer,
    prevXref: file.sections[0]!.offset,
    xrefStream: xrefRef !== undefined,
    versionId,
  };
  // ISO 32000-1 §7.6.2: the strings and streams of each new or rewritten object are encrypted with
  // that object's key, as pyHanko writes updates of encrypted files; rewritten objects were read
  // decrypted. The update's identifier seeds AES initialisation vectors that never repeat.
  const objects = crypt ? alloc.objects.map((o) => ({ ref: o.ref, value: crypt.encrypt(o.value, o.ref, versionId) })) : alloc.objects;
  const { update, offsets } = writeIncrementalUpdate(base, [...objects, sig], alloc.size, xrefRef);
  const sigAt = offsets.get(sigRef.num)! - file.bytes.length;
  const contentsStart = sigAt + sig.contentsStart;
  const contentsEnd = sigAt + sig.contentsEnd;
  const total = file.bytes.length + update.length;
  const byteRange: [number, number, number, number] = [
    0,
    file.bytes.length + contentsStart,
    file.bytes.length + contentsEnd,
    total - (file.bytes.length + contentsEnd),
  ];
  writeByteRange(update, sigAt + sig.byteRangeStart, sig.byteRangeWidth, byteRange);
  return { update, contentsStart, contentsEnd, byteRange, fieldName: placed.fieldName, pageNumber: placed.pageNumber, rect: placed.rect, warnings };
}

/** translateParseErrors for work that awaits: a lexer or parser error it rejects with becomes corrupt_pdf. */
async function translatedAsync<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    return translateParseErrors(() => {
      throw e;
    });
  }
}

/**
 * The second element of the file identifier for this version (ISO 32000-1 §14.4): unique to this
 * signing, without reading a clock or a random source in the core. The document id the seal carries
 * is drawn fresh for every signing; the original's size and the signing time separate the rest.
 */
function versionIdOf(file: PdfFile, req: SignRequest): Buffer {
  return createHash('sha256').update(`${req.seal.documentId}\n${req.signingTime.toISOString()}\n${file.bytes.length}`).digest().subarray(0, 16);
}

function endsWithEol(bytes: Buffer): boolean {
  const last = bytes[bytes.length - 1];
  return last === 0x0a || last === 0x0d;
}
