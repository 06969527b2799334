import type { DocumentStatus } from '../storage/models/document.js';
import { html } from './html.js';
import { bilingual, bilingualBlock, field, renderPage } from './layout.js';
import { FIELD_LABELS as L, PROOF_LABELS as P, STATUS_LABELS } from './labels.js';

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
  /** The page the seal is on (1-based). */
  readonly sealPage: number;
  /** Present only when the issuing department lets the public see a rendering of the seal page. */
  readonly previewUrl: string | undefined;
};

/** What the record proves, and what it cannot: that the copy in the reader's hands is this document. */
function proofSection(view: DocumentPageView) {
  const issuer = { zh: view.department.nameZh, en: view.department.nameEn };
  const proves = P.proves({ id: view.id, issuer, signedAt: view.signedAtText, status: STATUS_LABELS[view.status] });
  const compare = view.previewUrl !== undefined ? P.compareWithPreview : P.compareWithoutPreview;
  return html`<section class="proof" id="what-this-proves">
<h2>${bilingual(P.heading)}</h2>
<p>${bilingualBlock(proves)}</p>
<p class="not-proven">${bilingualBlock(P.notProven)}</p>
<p>${bilingualBlock(compare)}</p>
</section>`;
}

/** The registered file's seal page, served from /v/<id>/preview (same origin: the CSP's img-src 'self'). */
function previewFigure(previewUrl: string, page: number) {
  const alt = P.previewAlt(page);
  return html`<section class="preview" id="seal-page">
<h2>${bilingual(P.previewHeading)}</h2>
<p class="preview-note">${bilingualBlock(P.previewNote)}</p>
<figure><img src="${previewUrl}" alt="${alt.zh} / ${alt.en}"></figure>
</section>`;
}

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
${proofSection(view)}
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
${view.previewUrl !== undefined ? previewFigure(view.previewUrl, view.sealPage) : ''}
${dropZone(view)}`;
  return renderPage({ title: { zh: '文档验证', en: 'Document verification' }, body, scripts: ['/static/verify-drop.js'] });
}
