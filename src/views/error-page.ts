import { html } from './html.js';
import type { Bilingual } from './labels.js';
import { bilingual, bilingualBlock, renderPage } from './layout.js';
import { errorPageText, type ErrorPageText } from './messages/messages.js';
import type { ErrorPageKey } from './messages/en.js';

export type ErrorPageInput = {
  /** Which page: what happened and what to do next. */
  readonly page: ErrorPageKey;
  /** The stable code and the message an API client gets in JSON; absent on the public page's not-found. */
  readonly code?: string;
  readonly message?: string;
  /** The issuing department, where the service knows it, to name whom to ask. */
  readonly department?: Bilingual;
};

const pick = (zh: ErrorPageText, en: ErrorPageText, part: keyof ErrorPageText): Bilingual => ({ zh: zh[part], en: en[part] });

/**
 * What a browser sees when its request fails (a used-up or expired applicant link, an unknown
 * document, a file that is not a PDF): what happened and what to do next, Chinese first, with the same
 * code and message as the JSON answer, so a person is not shown raw JSON.
 */
export function renderErrorPage(input: ErrorPageInput): string {
  const zh = errorPageText('zh', input.page, input.department?.zh);
  const en = errorPageText('en', input.page, input.department?.en);
  const detail = input.code === undefined ? '' : html`<p class="error-detail"><span lang="en">${input.message ?? ''}</span> <code class="code">${input.code}</code></p>`;
  const body = html`<p class="verdict verdict-invalid">${bilingualBlock(pick(zh, en, 'happened'))}</p>
<h2>${bilingual({ zh: '下一步', en: 'What to do next' })}</h2>
<p class="next-step">${bilingualBlock(pick(zh, en, 'next'))}</p>
${detail}`;
  return renderPage({ title: pick(zh, en, 'title'), body });
}
