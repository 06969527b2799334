import { beginText, endText, moveText, PDFDocument, PDFHexString, PDFName, setFillingRgbColor, setFontAndSize, showText, type PDFPage } from 'pdf-lib';
import type { CjkFont } from '../core/seal/cjk-font.js';
import type { Check, OriginalOf, SignatureReport, VerificationReport } from '../core/verify/report.js';
import { FILE_TEXT_LEGEND, fileTextBilingual, markFileParams } from './file-text.js';
import {
  CHECK_LABELS,
  CHECK_STATUS_LABELS,
  departmentLabel,
  FIELD_LABELS as L,
  matchLabel,
  STATUS_LABELS,
  VERDICT_LABELS,
  type Bilingual,
  type DepartmentNamesOf,
} from './labels.js';
import { ReportFont } from './report-font.js';
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

/** Drawable and cut to `max` characters (long values are shortened, sentences are wrapped). */
function clean(font: ReportFont, text: string, max = MAX_TEXT): string {
  const flat = font.drawable(text);
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

type LineOptions = { size?: number; indent?: number; gap?: number; red?: boolean; grey?: boolean; code?: string };

type Rgb = readonly [number, number, number];
const RED: Rgb = [0.64, 0.07, 0.12];
const INK: Rgb = [0.1, 0.1, 0.12];
const GREY: Rgb = [0.33, 0.33, 0.37];
const CODE_GREY: Rgb = [0.45, 0.45, 0.5];
const FONT = 'F1';

/** "中文 / English": how a label reads in the report, Chinese first; a name with one spelling once. */
const both = (label: Bilingual): string => (label.zh === label.en ? label.zh : `${label.zh} / ${label.en}`);

class ReportWriter {
  private page: PDFPage;
  private y: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: ReportFont,
  ) {
    this.page = doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }

  /** One line; `code` is drawn after it in small grey type (support staff search by code). */
  line(text: string, opts: LineOptions = {}): void {
    this.drawLine(clean(this.font, text), opts);
  }

  /** A sentence wrapped to the page width at spaces, or between any two characters in Chinese. */
  paragraph(text: string, opts: Omit<LineOptions, 'code'> = {}): void {
    const fits = (t: string): boolean => this.font.widthOf(t, opts.size ?? 9.5) <= A4[0] - 2 * MARGIN - (opts.indent ?? 0);
    const lines = wrap(clean(this.font, text, MAX_PARAGRAPH), fits);
    lines.forEach((l, i) => this.drawLine(l, i === lines.length - 1 ? opts : { ...opts, gap: 0 }));
  }

  /** A sentence in Chinese, then the same in English below it in grey. */
  bilingualParagraph(text: Bilingual, opts: Omit<LineOptions, 'code' | 'grey'> = {}): void {
    this.paragraph(text.zh, { ...opts, gap: 0 });
    this.paragraph(text.en, { ...opts, grey: !opts.red });
  }

  private drawLine(text: string, opts: LineOptions): void {
    const size = opts.size ?? 9.5;
    if (this.y - size < MARGIN) this.newPage();
    const x = MARGIN + (opts.indent ?? 0);
    this.text(text, x, this.y - size, size, opts.red ? RED : opts.grey ? GREY : INK);
    if (opts.code !== undefined) {
      this.text(clean(this.font, opts.code), x + this.font.widthOf(text, size) + 6, this.y - size, CODE_SIZE, CODE_GREY);
    }
    this.y -= size * 1.45 + (opts.gap ?? 0);
  }

  private text(text: string, x: number, y: number, size: number, [r, g, b]: Rgb): void {
    this.page.pushOperators(
      beginText(),
      setFontAndSize(FONT, size),
      setFillingRgbColor(r, g, b),
      moveText(x, y),
      showText(PDFHexString.of(this.font.encode(text))),
      endText(),
    );
  }

  /** Wrapped, so a quoted value from the file is never cut short of its mark. */
  labelled(label: Bilingual, value: string, indent = 0): void {
    this.paragraph(`${both(label)}: ${value}`, { indent });
  }

  heading(label: Bilingual, size = 12): void {
    this.y -= 6;
    this.line(`${label.zh}  ${label.en}`, { size });
  }

  /** Starts a new page when the seal's reserve would not stay free. */
  reserveSealSpace(): void {
    if (this.y < MARGIN + SEAL_RESERVE) this.newPage();
  }

  /** Embeds the font with the glyphs every page drew and names it in each page's resources. */
  finish(): void {
    const ref = this.font.embed(this.doc.context);
    for (const page of this.doc.getPages()) page.node.setFontDictionary(PDFName.of(FONT), ref);
  }

  private newPage(): void {
    this.page = this.doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }
}

const bilingualMessage = (code: string, params?: Check['params']): Bilingual => ({
  zh: message('zh', code, markFileParams('zh', params)),
  en: message('en', code, markFileParams('en', params)),
});

/** The check's subject and outcome with its code beside, then the reason as a sentence. */
function writeCheck(w: ReportWriter, check: Check, indent: number): void {
  const red = check.status === 'failed';
  w.line(`${both(CHECK_LABELS[check.id])}: ${both(CHECK_STATUS_LABELS[check.status])}`, { indent, size: 8.5, red, code: check.code });
  w.bilingualParagraph(bilingualMessage(check.code, check.params), { indent: indent + 12, size: 8.5, red });
}

function writeSignature(w: ReportWriter, sig: SignatureReport, index: number): void {
  w.line(`${index + 1}. ${both(VERDICT_LABELS[sig.verdict])}`, { size: 10.5, gap: 2, red: sig.verdict !== 'valid' });
  w.labelled(L.fieldName, fileTextBilingual(sig.fieldName), 12);
  w.labelled(L.signer, sig.signer === undefined ? '-' : fileTextBilingual(sig.signer.subject), 12);
  if (sig.signerName !== undefined) w.labelled(L.nameInSignature, fileTextBilingual(sig.signerName), 12);
  w.labelled(L.claimedTime, sig.claimedSigningTime ?? '-', 12);
  for (const check of sig.checks) writeCheck(w, check, 24);
  const forbidden = sig.modifications.filter((m) => !m.allowed);
  for (const m of forbidden.slice(0, MAX_FINDINGS)) {
    const where = `修订版本 ${m.revision}，对象 ${m.objectNumber}：不允许的更改 / Forbidden change in revision ${m.revision}, object ${m.objectNumber}:`;
    w.line(where, { indent: 24, size: 8.5, red: true, code: m.code });
    w.bilingualParagraph(bilingualMessage(m.code), { indent: 36, size: 8.5, red: true });
  }
  const more = forbidden.length - MAX_FINDINGS;
  if (more > 0) w.line(`另有 ${more} 处不允许的更改 / ... ${more} more forbidden changes`, { indent: 24, size: 8.5, red: true });
}

/** A document issued from the file: what it means, then the facts its public page shows. */
function writeOriginalOf(w: ReportWriter, o: OriginalOf): void {
  const red = o.status === 'revoked';
  const params = { documentId: o.documentId, verifyUrl: o.verifyUrl };
  w.bilingualParagraph({ zh: message('zh', o.code, params), en: message('en', o.code, params) }, { red, gap: 2 });
  w.labelled(L.documentId, o.documentId, 12);
  if (o.title !== undefined) w.labelled(L.title, o.title, 12);
  w.labelled(L.issuer, both(o.departmentName), 12);
  w.labelled(L.signedAt, o.signedAt, 12);
  w.labelled(L.status, both(STATUS_LABELS[o.status]), 12);
  if (o.revocationReason !== undefined) w.labelled(L.revocationReason, o.revocationReason, 12);
  w.labelled(L.signedCopyAt, o.verifyUrl, 12);
}

export type ReportPdfOptions = {
  readonly generatedAtText: string;
  /** The seal's font, loaded once at start: it draws the report's Chinese and English alike. */
  readonly font: CjkFont;
  readonly departmentNames: DepartmentNamesOf;
  /** False for a copy handed to an anonymous caller: it says on its face that nobody signed or kept it. */
  readonly signed: boolean;
};

const TITLE: Bilingual = { zh: '验证报告', en: 'Verification report' };
const UNSIGNED_TITLE: Bilingual = { zh: '验证报告（未签名副本）', en: 'Verification report (unsigned copy)' };

const UNSIGNED_NOTE: Bilingual = {
  zh: '未签名副本：本报告未经本服务签名，本服务也不保存它，因此它本身不能证明任何事。发送 API 密钥（verify 角色）的单位会收到一份经签名并由本服务存档的报告。',
  en:
    'Unsigned copy: this report is not signed by the service and is not kept by it, so it proves nothing by itself. ' +
    'A department that sends its API key (role verify) receives a signed report the service keeps on record.',
};

function writeRegistry(w: ReportWriter, report: VerificationReport, opts: ReportPdfOptions): void {
  w.heading(L.registry);
  if (report.registry.length === 0) w.bilingualParagraph(report.originalOf.length > 0 ? L.notRegisteredButOriginal : L.notRegistered);
  for (const m of report.registry) {
    const reason = m.revocationReason !== undefined ? `: ${m.revocationReason}` : '';
    const department = both(departmentLabel(opts.departmentNames, m.department));
    w.paragraph(`${m.documentId} ${department} ${both(STATUS_LABELS[m.status])}${reason}`, { red: m.status === 'revoked' });
    w.bilingualParagraph(matchLabel(m, report.signatures), { indent: 12, size: 8.5 });
  }
  if (report.originalOf.length > 0) w.heading(L.originalOf);
  for (const o of report.originalOf) writeOriginalOf(w, o);
}

function writeReport(w: ReportWriter, report: VerificationReport, opts: ReportPdfOptions): void {
  const title = opts.signed ? TITLE : UNSIGNED_TITLE;
  w.line(title.zh, { size: 18, gap: 0 });
  w.line(title.en, { size: 13, gap: 6, grey: true });
  if (!opts.signed) w.bilingualParagraph(UNSIGNED_NOTE, { size: 10, gap: 6, red: true });
  w.line(`${both(L.verdict)}: ${both(VERDICT_LABELS[report.verdict])}`, { size: 14, gap: 2, red: report.verdict !== 'valid' });
  w.bilingualParagraph({ zh: verdictExplanation('zh', report.verdict), en: verdictExplanation('en', report.verdict) }, { size: 10, gap: 4 });
  w.labelled(L.fileSha256, report.sha256);
  w.labelled(L.size, String(report.size));
  w.labelled(L.revisions, String(report.revisions));
  w.labelled(L.reportMadeAt, opts.generatedAtText);
  writeRegistry(w, report, opts);
  w.heading(L.signatures);
  if (report.signatures.length === 0) w.line(both(L.noSignatures));
  report.signatures.forEach((sig, i) => writeSignature(w, sig, i));
  if (report.warnings.length > 0) w.heading(L.fileWarnings);
  for (const c of report.warnings) writeCheck(w, c, 0);
  w.bilingualParagraph(FILE_TEXT_LEGEND, { size: 8.5 });
  if (opts.signed) w.reserveSealSpace();
}

/**
 * The verification report as a PDF, Chinese first and English below or beside (pdf-lib for the
 * pages, our subsetter for the font): with `signed`, the input the service signs
 * and files; without, the unsigned copy an anonymous caller receives as it is.
 */
export async function renderReportPdf(report: VerificationReport, opts: ReportPdfOptions): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const title = opts.signed ? TITLE : UNSIGNED_TITLE;
  doc.setTitle(`${title.zh} ${title.en}`);
  doc.setProducer('docseal');
  const writer = new ReportWriter(doc, new ReportFont(opts.font));
  writeReport(writer, report, opts);
  writer.finish();
  // Classic xref table, no object streams: the simplest input for our incremental signer.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
