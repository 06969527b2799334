import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Check, OriginalOf, SignatureReport, VerificationReport } from '../core/verify/report.js';
import { FILE_TEXT_LEGEND, fileText, markFileParams } from './file-text.js';
import { CHECK_LABELS, CHECK_STATUS_LABELS, FIELD_LABELS as L, matchLabel, STATUS_LABELS, VERDICT_LABELS } from './labels.js';
import { message, verdictExplanation } from './messages/messages.js';

const A4 = [595.28, 841.89] as const;
const MARGIN = 50;
/** Kept free at the foot of the last page: the service's seal goes bottom-right. */
const SEAL_RESERVE = 150;
const MAX_TEXT = 120;
/** A wrapped sentence is cut here: messages are far shorter, params (names, lists) may not be. */
const MAX_PARAGRAPH = 900;
const CODE_SIZE = 7;
const MAX_FINDINGS = 10;

/**
 * Helvetica only, so every string is reduced to what WinAnsi encodes (pdf-lib throws on anything
 * else): control characters become spaces, other characters `?`, long values are shortened.
 * Chinese is left out on purpose: pdf-lib's font subsetting loses glyphs of Noto Sans SC (tried:
 * most Latin letters vanished), and embedding the whole font would add 10 MB to every report.
 * The service's seal on the report still shows its Chinese name (drawn by our own subsetter).
 */
function clean(encodable: ReadonlySet<number>, text: string, max = MAX_TEXT): string {
  const flat = [...text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')]
    .map((c) => (encodable.has(c.codePointAt(0)!) ? c : '?'))
    .join('');
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Breaks at spaces; a run without one (a long name) is broken where it stops fitting. */
function wrap(text: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = '';
    for (const c of word) {
      if (current !== '' && !fits(current + c)) {
        lines.push(current);
        current = '';
      }
      current += c;
    }
  }
  lines.push(current);
  return lines;
}

type LineOptions = { size?: number; indent?: number; gap?: number; red?: boolean; code?: string };

class ReportWriter {
  private page: PDFPage;
  private y: number;
  private readonly encodable: ReadonlySet<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.page = doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
    this.encodable = new Set(font.getCharacterSet());
  }

  /** One line; `code` is drawn after it in small grey type (support staff search by code). */
  line(text: string, opts: LineOptions = {}): void {
    this.drawLine(clean(this.encodable, text), opts);
  }

  /** A sentence wrapped to the page width at word boundaries. */
  paragraph(text: string, opts: Omit<LineOptions, 'code'> = {}): void {
    const fits = (t: string): boolean => this.font.widthOfTextAtSize(t, opts.size ?? 9.5) <= A4[0] - 2 * MARGIN - (opts.indent ?? 0);
    const lines = wrap(clean(this.encodable, text, MAX_PARAGRAPH), fits);
    lines.forEach((l, i) => this.drawLine(l, i === lines.length - 1 ? opts : { ...opts, gap: 0 }));
  }

  private drawLine(text: string, opts: LineOptions): void {
    const size = opts.size ?? 9.5;
    if (this.y - size < MARGIN) this.newPage();
    const color = opts.red ? rgb(0.64, 0.07, 0.12) : rgb(0.1, 0.1, 0.12);
    const x = MARGIN + (opts.indent ?? 0);
    this.page.drawText(text, { x, y: this.y - size, size, font: this.font, color });
    if (opts.code !== undefined) {
      const codeX = x + this.font.widthOfTextAtSize(text, size) + 6;
      this.page.drawText(clean(this.encodable, opts.code), { x: codeX, y: this.y - size, size: CODE_SIZE, font: this.font, color: rgb(0.45, 0.45, 0.5) });
    }
    this.y -= size * 1.45 + (opts.gap ?? 0);
  }

  /** Wrapped, so a quoted value from the file is never cut short of its mark. */
  labelled(label: { en: string }, value: string, indent = 0): void {
    this.paragraph(`${label.en}: ${value}`, { indent });
  }

  heading(label: { en: string }, size = 12): void {
    this.y -= 6;
    this.line(label.en, { size });
  }

  /** Starts a new page when the seal's reserve would not stay free. */
  reserveSealSpace(): void {
    if (this.y < MARGIN + SEAL_RESERVE) this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }
}

/** The check's subject and outcome with its code beside, then the reason as a sentence. */
function writeCheck(w: ReportWriter, check: Check, indent: number): void {
  const red = check.status === 'failed';
  w.line(`${CHECK_LABELS[check.id].en}: ${CHECK_STATUS_LABELS[check.status].en}`, { indent, size: 8.5, red, code: check.code });
  w.paragraph(message('en', check.code, markFileParams('en', check.params)), { indent: indent + 12, size: 8.5, red });
}

function writeSignature(w: ReportWriter, sig: SignatureReport, index: number): void {
  w.line(`${index + 1}. ${VERDICT_LABELS[sig.verdict].en}`, { size: 10.5, gap: 2, red: sig.verdict !== 'valid' });
  w.labelled(L.fieldName, fileText('en', sig.fieldName), 12);
  w.labelled(L.signer, sig.signer === undefined ? '-' : fileText('en', sig.signer.subject), 12);
  if (sig.signerName !== undefined) w.labelled(L.nameInSignature, fileText('en', sig.signerName), 12);
  w.labelled(L.claimedTime, sig.claimedSigningTime ?? '-', 12);
  for (const check of sig.checks) writeCheck(w, check, 24);
  const forbidden = sig.modifications.filter((m) => !m.allowed);
  for (const m of forbidden.slice(0, MAX_FINDINGS)) {
    w.line(`Forbidden change in revision ${m.revision}, object ${m.objectNumber}:`, { indent: 24, size: 8.5, red: true, code: m.code });
    w.paragraph(message('en', m.code), { indent: 36, size: 8.5, red: true });
  }
  if (forbidden.length > MAX_FINDINGS) w.line(`... ${forbidden.length - MAX_FINDINGS} more forbidden changes`, { indent: 24, size: 8.5, red: true });
}

/** A document issued from the file: what it means, then the facts its public page shows. */
function writeOriginalOf(w: ReportWriter, o: OriginalOf): void {
  const red = o.status === 'revoked';
  w.paragraph(message('en', o.code, { documentId: o.documentId, verifyUrl: o.verifyUrl }), { red, gap: 2 });
  w.labelled(L.documentId, o.documentId, 12);
  if (o.title !== undefined) w.labelled(L.title, o.title, 12);
  w.labelled(L.issuer, o.departmentName.en, 12);
  w.labelled(L.signedAt, o.signedAt, 12);
  w.labelled(L.status, STATUS_LABELS[o.status].en, 12);
  if (o.revocationReason !== undefined) w.labelled(L.revocationReason, o.revocationReason, 12);
  w.labelled(L.signedCopyAt, o.verifyUrl, 12);
}

export type ReportPdfOptions = {
  readonly generatedAtText: string;
  /** False for a copy handed to an anonymous caller: it says on its face that nobody signed or kept it. */
  readonly signed: boolean;
};

const UNSIGNED_NOTE =
  'Unsigned copy: this report is not signed by the service and is not kept by it, so it proves nothing by itself. ' +
  'A department that sends its API key (role verify) receives a signed report the service keeps on record.';

function writeReport(w: ReportWriter, report: VerificationReport, opts: ReportPdfOptions): void {
  w.line(opts.signed ? 'Verification report' : 'Verification report (unsigned copy)', { size: 18, gap: 6 });
  if (!opts.signed) w.paragraph(UNSIGNED_NOTE, { size: 10, gap: 6, red: true });
  w.line(`${L.verdict.en}: ${VERDICT_LABELS[report.verdict].en}`, { size: 14, gap: 2, red: report.verdict !== 'valid' });
  w.paragraph(verdictExplanation('en', report.verdict), { size: 10, gap: 4 });
  w.labelled(L.fileSha256, report.sha256);
  w.labelled(L.size, String(report.size));
  w.labelled(L.revisions, String(report.revisions));
  w.labelled({ en: 'Report made at' }, opts.generatedAtText);
  w.heading(L.registry);
  if (report.registry.length === 0) w.paragraph(report.originalOf.length > 0 ? L.notRegisteredButOriginal.en : L.notRegistered.en);
  for (const m of report.registry) {
    const reason = m.revocationReason !== undefined ? `: ${m.revocationReason}` : '';
    w.line(`${m.documentId} (${m.department}) ${STATUS_LABELS[m.status].en}${reason}`, { red: m.status === 'revoked' });
    w.paragraph(matchLabel(m, report.signatures).en, { indent: 12, size: 8.5 });
  }
  if (report.originalOf.length > 0) w.heading(L.originalOf);
  for (const o of report.originalOf) writeOriginalOf(w, o);
  w.heading(L.signatures);
  if (report.signatures.length === 0) w.line(L.noSignatures.en);
  report.signatures.forEach((sig, i) => writeSignature(w, sig, i));
  if (report.warnings.length > 0) w.heading(L.fileWarnings);
  for (const c of report.warnings) writeCheck(w, c, 0);
  w.paragraph(FILE_TEXT_LEGEND.en, { size: 8.5 });
  if (opts.signed) w.reserveSealSpace();
}

/**
 * The verification report as a PDF (pdf-lib, Helvetica): with `signed`, the input the service signs
 * and files; without, the unsigned copy an anonymous caller receives as it is.
 */
export async function renderReportPdf(report: VerificationReport, opts: ReportPdfOptions): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(opts.signed ? 'Verification report' : 'Verification report (unsigned copy)');
  doc.setProducer('docseal');
  writeReport(new ReportWriter(doc, await doc.embedFont(StandardFonts.Helvetica)), report, opts);
  // Classic xref table, no object streams: the simplest input for our incremental signer.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
