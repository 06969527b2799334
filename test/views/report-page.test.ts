import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { escapeHtml } from '../../src/views/html.js';
import { message, verdictExplanation } from '../../src/views/messages/messages.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { FILE_TEXT_MAX_CHARS } from '../../src/views/file-text.js';
import { renderReportPage } from '../../src/views/report-page.js';
import { HOSTILE_SENTENCE, hostileNamedPdf } from '../helpers/hostile-names.js';
import { TEST_NOW } from '../helpers/signing-setup.js';
import { tamperedReport } from './tampered-report.js';

let report: VerificationReport;
let page: string;

const DEMO = { zh: '示范市民政局', en: 'Demo City Civil Affairs Bureau' };
const namesOf = (code: string) => (code === 'demo' ? DEMO : undefined);

beforeAll(async () => {
  report = await tamperedReport();
  page = renderReportPage(report, namesOf);
});

describe('the HTML verification report reads as sentences', () => {
  it('a byte flipped in the signed range is reported as digest_mismatch, in Chinese and English, with the code', () => {
    expect(report.verdict).toBe('invalid');
    const digest = report.signatures[0]!.checks.find((c) => c.id === 'integrity.digest');
    expect(digest).toMatchObject({ status: 'failed', code: 'digest_mismatch' });
    expect(page).toContain(`<span lang="zh-CN">${escapeHtml(message('zh', 'digest_mismatch'))}</span>`);
    expect(page).toContain('签署的字节已被改动：其摘要与签名者签署的摘要不一致。');
    expect(page).toContain(`<span lang="en" class="en">${escapeHtml(message('en', 'digest_mismatch'))}</span>`);
    expect(page).toContain('The signed bytes have been changed: their digest does not match the one the signer signed.');
    expect(page).toContain('<code class="code">digest_mismatch</code>');
  });

  it('fills params into the sentences and escapes them with the rest of the text', () => {
    const chain = report.signatures[0]!.checks.find((c) => c.id === 'trust.chain')!;
    expect(chain.code).toBe('chain_trusted');
    const sentence = message('en', 'chain_trusted', chain.params);
    expect(sentence).toContain(String(chain.params!.anchor));
    expect(sentence).toContain("signer's");
    expect(page).toContain(escapeHtml(sentence));
    expect(page).not.toContain(sentence);
  });

  it('explains the verdict at the top, before the signatures, in both languages', () => {
    const zh = page.indexOf(escapeHtml(verdictExplanation('zh', 'invalid')));
    const en = page.indexOf(escapeHtml(verdictExplanation('en', 'invalid')));
    const signatures = page.indexOf('class="signature"');
    expect(zh).toBeGreaterThan(0);
    expect(en).toBeGreaterThan(zh);
    expect(signatures).toBeGreaterThan(en);
  });

  it('escapes hostile params (a certificate subject is attacker data)', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const hostile: VerificationReport = {
      ...report,
      warnings: [{ id: 'trust.validity', status: 'failed', code: 'certificate_expired', params: { subject: evil, notAfter: '2020-01-01' } }],
    };
    const out = renderReportPage(hostile, namesOf);
    expect(out).not.toContain(evil);
    expect(out).toContain(`The certificate of ${escapeHtml(`\u201c${evil}\u201d (from the file)`)} had expired (2020-01-01) at the signing time.`);
    expect(out).toContain(`${escapeHtml(`\u201c${evil}\u201d`)}（文件所载） 的证书在签署时已过期`);
  });

  it('shows an uploader sentence in the field name and /Name only quoted, marked in both languages and cut', async () => {
    const hostile = finishReport(verifyPdf({ bytes: await hostileNamedPdf(), anchors: [], now: TEST_NOW }), []);
    const out = renderReportPage(hostile, namesOf);
    const quoted = (s: string) => `\u201c${s.slice(0, FILE_TEXT_MAX_CHARS - 1)}\u2026\u201d (文件所载 / from the file)`;
    expect(out).toContain(`<span class="from-file">${quoted(`docseal-${HOSTILE_SENTENCE}`)}</span>`);
    expect(out).toContain(`<span class="from-file">${quoted(HOSTILE_SENTENCE)}</span>`);
    expect(out).not.toContain(HOSTILE_SENTENCE);
    expect(out).toContain('不是本服务的陈述');
  });

  it('cannot be made to close its own quotes or reorder the line with bidirectional controls', () => {
    const sneaky = 'Sig\u201d certified by the City \u202e\u201cx';
    const sig = { ...report.signatures[0]!, fieldName: sneaky };
    const out = renderReportPage({ ...report, signatures: [sig] }, namesOf);
    expect(out).toContain(escapeHtml("\u201cSig' certified by the City 'x\u201d (文件所载 / from the file)"));
    expect(out).not.toContain('\u202e');
  });

  it('lists forbidden changes after signing with their sentences and codes', () => {
    const modified: VerificationReport = {
      ...report,
      signatures: [{ ...report.signatures[0]!, modifications: [{ revision: 1, objectNumber: 7, allowed: false, code: 'catalog_changed:OpenAction' }] }],
    };
    const out = renderReportPage(modified, namesOf);
    expect(out).toContain('文档目录的 /OpenAction 项被改动');
    expect(out).toContain('The entry /OpenAction of the document catalog changed');
    expect(out).toContain('<code class="code">catalog_changed:OpenAction</code>');
    expect(out).toContain('revision 1, object 7');
  });

  it('names the registry match: the whole file, a revision, or a signature by its number in the report', () => {
    const sig = report.signatures[0]!;
    const base = { department: 'demo', status: 'active' } as const;
    const out = renderReportPage({
      ...report,
      registry: [
        { ...base, documentId: 'docfile', matched: 'file' },
        { ...base, documentId: 'docrev', matched: 1 },
        { ...base, documentId: 'docsig', matched: 'signature', objectNumber: sig.objectNumber, fieldName: '<b>named in the match</b>' },
        { ...base, documentId: 'docgone', department: 'closed', matched: 'file' },
      ],
    }, namesOf);
    // The department by its names, Chinese first; one no longer configured by its code.
    expect(out).toContain('docfile</a> — <span class="department"><span lang="zh-CN">示范市民政局</span> <span lang="en" class="en">Demo City Civil Affairs Bureau</span></span>');
    expect(out).toContain('docgone</a> — <span class="department">closed</span>');
    expect(out).not.toMatch(/— demo —/);
    expect(out).toContain('the whole file is the one we issued');
    expect(out).toContain('revision 1 is the file we issued');
    expect(out).toContain('signature 1 is the one we made for this document, but the file is not byte for byte the one we issued');
    expect(out).toContain('签名 1 是本服务为该文档所作的签名');
    // The match names the signature by its number, never by the field name it carries.
    expect(out).not.toContain('named in the match');
  });
});
