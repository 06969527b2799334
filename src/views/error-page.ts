import { html } from './html.js';
import { renderPage } from './layout.js';

/**
 * What a browser sees when its request fails (a file that is not a PDF, a rate limit): the same code
 * and message as the JSON answer, on a page, so a person is not shown raw JSON.
 */
export function renderErrorPage(code: string, message: string): string {
  const body = html`<p class="verdict verdict-invalid"><span lang="zh-CN">无法处理此请求。</span>
<span lang="en" class="en">The request could not be processed.</span></p>
<p lang="en">${message}</p>
<p><code class="code">${code}</code></p>`;
  return renderPage({ title: { zh: '请求失败', en: 'Request failed' }, body });
}
