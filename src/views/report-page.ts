import type { Check, RegistryMatch, SignatureReport, VerificationReport } from '../core/verify/report.js';
import { html, type SafeHtml } from './html.js';
import { bilingual, field, renderPage } from './layout.js';
import { CHECK_STATUS_LABELS, FIELD_LABELS as L, STATUS_LABELS, VERDICT_LABELS } from './labels.js';

/** `code (k=v, …)`: params are numbers and names the verifier chose, still escaped like any data. */
export function checkText(check: Check): string {
  const params = Object.entries(check.params ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  return params.length > 0 ? `${check.code} (${params.join(', ')})` : check.code;
}

function checkRows(checks: readonly Check[]): SafeHtml {
  const rows = checks.map(
    (c) => html`<tr class="check-${c.status}"><td>${c.id}</td><td>${bilingual(CHECK_STATUS_LABELS[c.status])}</td><td>${checkText(c)}</td></tr>`,
  );
  return html`<table class="checks"><thead><tr><th>check</th><th>${bilingual({ zh: '结果', en: 'outcome' })}</th><th>${bilingual({ zh: '原因', en: 'reason' })}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function signatureSection(sig: SignatureReport, index: number): SafeHtml {
  const forbidden = sig.modifications.filter((m) => !m.allowed);
  return html`<section class="signature">
<h3>${index + 1}. ${sig.fieldName} — <span class="verdict-${sig.verdict}">${bilingual(VERDICT_LABELS[sig.verdict])}</span></h3>
<dl>
${field(L.signer, sig.signer?.subject ?? sig.signerName ?? '—')}
${field(L.claimedTime, sig.claimedSigningTime ?? '—')}
</dl>
${checkRows(sig.checks)}
${forbidden.length > 0 ? html`<p>${bilingual({ zh: '签名后不允许的更改', en: 'Changes not allowed after signing' })}: ${forbidden.map((m) => `${m.code} (#${m.objectNumber})`).join('; ')}</p>` : ''}
</section>`;
}

function registrySection(matches: readonly RegistryMatch[]): SafeHtml {
  if (matches.length === 0) return html`<p>${bilingual(L.notRegistered)}</p>`;
  const items = matches.map(
    (m) => html`<li><a href="/v/${m.documentId}">${m.documentId}</a> — ${m.department} — ${bilingual(STATUS_LABELS[m.status])}${m.revocationReason !== undefined ? html`: ${m.revocationReason}` : ''} (${m.matched === 'file' ? 'file' : `revision ${m.matched}`})</li>`,
  );
  return html`<ul>${items}</ul>`;
}

/** The verification report as a page (POST /api/v1/verify with Accept: text/html). */
export function renderReportPage(report: VerificationReport): string {
  const body = html`<p class="verdict verdict-${report.verdict}">${bilingual(VERDICT_LABELS[report.verdict])}</p>
<dl>
${field(L.fileSha256, html`<code class="hash">${report.sha256}</code>`)}
${field(L.size, report.size)}
${field(L.revisions, report.revisions)}
</dl>
<h2>${bilingual(L.registry)}</h2>
${registrySection(report.registry)}
<h2>${bilingual(L.signatures)}</h2>
${report.signatures.length === 0 ? html`<p>${bilingual(L.noSignatures)}</p>` : report.signatures.map(signatureSection)}
${report.warnings.length > 0 ? html`<h2>${bilingual(L.fileWarnings)}</h2>${checkRows(report.warnings)}` : ''}`;
  return renderPage({ title: { zh: '验证报告', en: 'Verification report' }, body });
}
