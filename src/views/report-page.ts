import type { Check, ModificationFinding, OriginalOf, RegistryMatch, SignatureReport, VerificationReport } from '../core/verify/report.js';
import { FILE_TEXT_LEGEND, fileTextBilingual } from './file-text.js';
import { html, type SafeHtml } from './html.js';
import { bilingual, field, renderPage } from './layout.js';
import {
  CHECK_LABELS,
  CHECK_STATUS_LABELS,
  departmentLabel,
  FIELD_LABELS as L,
  matchLabel,
  STATUS_LABELS,
  VERDICT_LABELS,
  type DepartmentNamesOf,
} from './labels.js';
import { reasonHtml, verdictExplanationHtml } from './message-html.js';

function checkRows(checks: readonly Check[]): SafeHtml {
  const rows = checks.map(
    (c) =>
      html`<tr class="check-${c.status}"><td>${bilingual(CHECK_LABELS[c.id])}</td><td>${bilingual(CHECK_STATUS_LABELS[c.status])}</td><td>${reasonHtml(c.code, c.params)}</td></tr>`,
  );
  return html`<table class="checks"><thead><tr><th>${bilingual({ zh: '检查项', en: 'check' })}</th><th>${bilingual({ zh: '结果', en: 'outcome' })}</th><th>${bilingual({ zh: '原因', en: 'reason' })}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function forbiddenList(forbidden: readonly ModificationFinding[]): SafeHtml {
  if (forbidden.length === 0) return html``;
  const items = forbidden.map(
    (m) =>
      html`<li>${reasonHtml(m.code)}<br><span class="where">${bilingual({ zh: `修订版本 ${m.revision}，对象 ${m.objectNumber}`, en: `revision ${m.revision}, object ${m.objectNumber}` })}</span></li>`,
  );
  return html`<h4>${bilingual(L.forbiddenChanges)}</h4><ul class="findings">${items}</ul>`;
}

/** A value read from the file: quoted, cut and marked, so it never reads as the service's words. */
const fromFile = (text: string | undefined): SafeHtml =>
  text === undefined ? html`—` : html`<span class="from-file">${fileTextBilingual(text)}</span>`;

function signatureSection(sig: SignatureReport, index: number): SafeHtml {
  return html`<section class="signature">
<h3>${index + 1}. <span class="verdict-${sig.verdict}">${bilingual(VERDICT_LABELS[sig.verdict])}</span></h3>
<dl>
${field(L.fieldName, fromFile(sig.fieldName))}
${field(L.signer, fromFile(sig.signer?.subject))}
${sig.signerName === undefined ? '' : field(L.nameInSignature, fromFile(sig.signerName))}
${field(L.claimedTime, sig.claimedSigningTime ?? '—')}
</dl>
${checkRows(sig.checks)}
${forbiddenList(sig.modifications.filter((m) => !m.allowed))}
</section>`;
}

/** A department's names, Chinese first; one no longer configured by its code. */
function departmentHtml(namesOf: DepartmentNamesOf, code: string): SafeHtml {
  const names = departmentLabel(namesOf, code);
  return names.zh === names.en ? html`<span class="department">${code}</span>` : html`<span class="department">${bilingual(names)}</span>`;
}

function registrySection(matches: readonly RegistryMatch[], signatures: readonly SignatureReport[], originals: readonly OriginalOf[], namesOf: DepartmentNamesOf): SafeHtml {
  if (matches.length === 0) return html`<p>${bilingual(originals.length > 0 ? L.notRegisteredButOriginal : L.notRegistered)}</p>`;
  const items = matches.map(
    (m) => html`<li><a href="/v/${m.documentId}" class="id">${m.documentId}</a> — ${departmentHtml(namesOf, m.department)} — ${bilingual(STATUS_LABELS[m.status])}${m.revocationReason !== undefined ? html`: ${m.revocationReason}` : ''}<br><span class="where">${bilingual(matchLabel(m, signatures))}</span></li>`,
  );
  return html`<ul>${items}</ul>`;
}

/** Each document issued from the file, with the facts its public page shows and a link to it. */
function originalOfSection(originals: readonly OriginalOf[]): SafeHtml {
  if (originals.length === 0) return html``;
  const entries = originals.map(
    (o) => html`<section class="original-of">
<p>${reasonHtml(o.code, { documentId: o.documentId, verifyUrl: o.verifyUrl })}</p>
<dl>
${field(L.documentId, html`<a href="/v/${o.documentId}" class="id">${o.documentId}</a>`)}
${o.title !== undefined ? field(L.title, o.title) : ''}
${field(L.issuer, html`${o.departmentName.zh}<br><span class="en">${o.departmentName.en}</span>`)}
${field(L.signedAt, o.signedAt)}
${field(L.status, bilingual(STATUS_LABELS[o.status]))}
${o.revocationReason !== undefined ? field(L.revocationReason, o.revocationReason) : ''}
${field(L.signedCopyAt, html`<a href="${o.verifyUrl}" class="id">${o.verifyUrl}</a>`)}
</dl>
</section>`,
  );
  return html`<h2>${bilingual(L.originalOf)}</h2>${entries}`;
}

/** The verification report as a page (POST /api/v1/verify with Accept: text/html). */
export function renderReportPage(report: VerificationReport, departmentNames: DepartmentNamesOf): string {
  const body = html`<p class="verdict verdict-${report.verdict}">${bilingual(VERDICT_LABELS[report.verdict])}</p>
${verdictExplanationHtml(report.verdict)}
<dl>
${field(L.fileSha256, html`<code class="hash">${report.sha256}</code>`)}
${field(L.size, report.size)}
${field(L.revisions, report.revisions)}
</dl>
<h2>${bilingual(L.registry)}</h2>
${registrySection(report.registry, report.signatures, report.originalOf, departmentNames)}
${originalOfSection(report.originalOf)}
<h2>${bilingual(L.signatures)}</h2>
${report.signatures.length === 0 ? html`<p>${bilingual(L.noSignatures)}</p>` : report.signatures.map(signatureSection)}
${report.warnings.length > 0 ? html`<h2>${bilingual(L.fileWarnings)}</h2>${checkRows(report.warnings)}` : ''}
<p class="legend">${bilingual(FILE_TEXT_LEGEND)}</p>`;
  return renderPage({ title: { zh: '验证报告', en: 'Verification report' }, body });
}
