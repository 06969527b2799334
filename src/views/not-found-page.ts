import { html } from './html.js';
import { renderPage } from './layout.js';

/** The public page for an id we never issued (or that is malformed): nothing about it is known. */
export function renderNotFoundPage(): string {
  const body = html`<p class="verdict verdict-invalid"><span lang="zh-CN">本服务没有签发此编号的文档。</span>
<span lang="en" class="en">This service issued no document with this ID.</span></p>`;
  return renderPage({ title: { zh: '未找到文档', en: 'Document not found' }, body });
}
