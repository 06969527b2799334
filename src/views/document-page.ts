import type { DocumentStatus } from '../storage/models/document.js';
import { html } from './html.js';
import { bilingual, field, renderPage } from './layout.js';
import { FIELD_LABELS as L, STATUS_LABELS } from './labels.js';

/** What the public page (the QR code's target) shows of one document: nothing private. */
export type DocumentPageView = {
  readonly id: string;
  readonly department: { readonly nameZh: string; readonly nameEn: string };
  readonly title: string | undefined;
  readonly signedAtText: string;
  readonly sha256Original: string;
  readonly sha256Signed: string;
  readonly status: DocumentStatus;
  readonly revocationReason: string | undefined;
  /** Present only when the issuing department lets the public download its documents. */
  readonly downloadUrl: string | undefined;
};

/**
 * The drop zone is wired by /static/verify-drop.js: the browser hashes the dropped file with
 * WebCrypto and compares it with the hashes in the data attributes, so the file never leaves it.
 */
function dropZone(view: DocumentPageView) {
  return html`<section class="drop" id="drop-zone" data-sha256-signed="${view.sha256Signed}" data-sha256-original="${view.sha256Original}">
<h2>${bilingual({ zh: '核对您手中的文件', en: 'Check your copy' })}</h2>
<p>${bilingual({ zh: '将文件拖放到此处或选择文件。文件只在您的浏览器中计算哈希，不会上传。', en: 'Drop the file here or choose it. It is hashed in your browser and never uploaded.' })}</p>
<input type="file" id="drop-input" accept="application/pdf,.pdf">
<p id="drop-result" class="drop-result" aria-live="polite"></p>
</section>`;
}

export function renderDocumentPage(view: DocumentPageView): string {
  const status = view.status === 'revoked' ? 'revoked' : 'valid';
  const body = html`<p class="verdict verdict-${status}">${bilingual(STATUS_LABELS[view.status])}</p>
<dl>
${field(L.issuer, html`${view.department.nameZh}<br><span class="en">${view.department.nameEn}</span>`)}
${view.title !== undefined ? field(L.title, view.title) : ''}
${field(L.signedAt, view.signedAtText)}
${field(L.status, bilingual(STATUS_LABELS[view.status]))}
${view.revocationReason !== undefined ? field(L.revocationReason, view.revocationReason) : ''}
${field(L.documentId, html`<code>${view.id}</code>`)}
${field(L.sha256Signed, html`<code class="hash">${view.sha256Signed}</code>`)}
${field(L.sha256Original, html`<code class="hash">${view.sha256Original}</code>`)}
</dl>
${view.downloadUrl !== undefined ? html`<p><a class="download" href="${view.downloadUrl}" download>${bilingual(L.download)}</a></p>` : ''}
${dropZone(view)}`;
  return renderPage({ title: { zh: '文档验证', en: 'Document verification' }, body, scripts: ['/static/verify-drop.js'] });
}
