import { createHash } from 'node:crypto';
import { createCmsSignature } from '../cms/sign-cms.js';
import { DocsealError } from '../errors.js';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../limits.js';
import { ObjectAllocator } from '../pdf/object-allocator.js';
import { locatePage, pageInfo } from '../pdf/pages.js';
import { PdfFile, translateParseErrors } from '../pdf/pdf-file.js';
import { writeIncrementalUpdate } from '../pdf-write/incremental-update.js';
import { serializeSignatureDict, writeByteRange } from '../pdf-write/signature-dict.js';
import { buildSealAppearance } from '../seal/appearance.js';
import type { PageInfo } from '../pdf/pages.js';
import { locateSeal, SEAL_HEIGHT, SEAL_WIDTH, type SealLocation } from './seal-location.js';
import { addSignatureField, existingFieldNames } from './signature-field.js';
import type { SignRequest, SignResult, SignWarning } from './types.js';
import { checkSignable } from './signable.js';
import { checkTouchedUnambiguous, checkUnambiguous } from './input-structure.js';

/** Lets the event loop run between slices of the seal placement's reading of the page. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Warnings a department with a strict input policy refuses instead of signing (ATTACKS.md, hide-and-replace). */
const REFUSABLE: ReadonlySet<string> = new Set(['active_content', 'xfa_form', 'unreferenced_objects', 'definitions_in_stream_data']);

/**
 * Signs a PDF as an incremental update (prepare → digest → sign → embed, as pyHanko phases it):
 * 1. read only what we need (trailer, catalog, the chosen page) with our bounded reader;
 * 2. append the seal appearance, the signature dictionary with reserved /ByteRange and /Contents,
 *    the field/widget and the changed page/AcroForm objects, a cross-reference section and trailer;
 * 3. hash the byte range in one pass, continuing the upload's running hash over the original;
 * 4. build the CMS and write its hex into the reserved /Contents.
 * Everything the file decodes on the way is charged to one budget of `limits.maxDecodedBytes`.
 */
export async function signPdf(req: SignRequest, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<SignResult> {
  const file = PdfFile.open(req.original, limits);
  const target = translateParseErrors(() => chooseTarget(file, req));
  const located = await translatedAsync(locateSeal(file, target.page, req.placement?.corner ?? 'bottom-right', nextTurn));
  const prepared = translateParseErrors(() => prepareUpdate(file, req, target, located));
  file.budget.assertWithin();
  const { update, contentsStart, contentsEnd, byteRange } = prepared;

  const running = req.originalHash ?? createHash('sha256').update(req.original);
  const sha256Original = running.copy().digest('hex');
  const rangeHash = running.copy();
  rangeHash.update(update.subarray(0, contentsStart));
  rangeHash.update(update.subarray(contentsEnd));
  const messageDigest = rangeHash.digest();
  const cms = await createCmsSignature({ contentDigest: messageDigest, digestAlgorithm: 'sha256', identity: req.identity });
  const hex = cms.toString('hex');
  if (hex.length > contentsEnd - contentsStart - 2) throw new Error('CMS signature exceeds the reserved /Contents space');
  update.write(hex, contentsStart + 1, 'latin1');
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

type Target = { page: PageInfo; pageNumber: number; warnings: SignWarning[] };

/** The input policy, then the page the seal goes on. */
function chooseTarget(file: PdfFile, req: SignRequest): Target {
  const warnings: SignWarning[] = [...checkSignable(file), ...checkUnambiguous(file)];
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
  return { page, pageNumber: wanted ?? count, warnings };
}

function prepareUpdate(file: PdfFile, req: SignRequest, target: Target, located: SealLocation): PreparedUpdate {
  const { page, pageNumber } = target;
  const warnings = [...target.warnings, ...located.warnings];

  const alloc = new ObjectAllocator(file.size);
  const appearanceRef = buildSealAppearance({
    content: req.seal,
    font: req.sealFont,
    width: SEAL_WIDTH,
    height: SEAL_HEIGHT,
    rotation: located.rotation,
    alloc,
  });
  const sigRef = alloc.reserve();
  const fieldName = uniqueFieldName(file, `docseal-${req.seal.documentId}`);
  addSignatureField({ file, page, rect: located.rect, fieldName, signatureRef: sigRef, appearanceRef, alloc });
  const versionId = versionIdOf(file, req);
  const crypt = file.crypt;
  const sig = serializeSignatureDict(sigRef, {
    contentsBytes: contentsReservation(req),
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
  return { update, contentsStart, contentsEnd, byteRange, fieldName, pageNumber, rect: located.rect, warnings };
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

/** Certificates, one signature and the attributes, with room to spare; hex doubles it in the file. */
function contentsReservation(req: SignRequest): number {
  const certs = req.identity.certificate.length + req.identity.chain.reduce((n, c) => n + c.length, 0);
  return certs + 1024 + 2048;
}

function uniqueFieldName(file: PdfFile, wanted: string): string {
  const taken = existingFieldNames(file);
  let candidate = wanted;
  for (let i = 2; taken.has(candidate); i++) candidate = `${wanted}-${i}`;
  return candidate;
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
