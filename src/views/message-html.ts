import type { Verdict } from '../core/verify/report.js';
import { markFileParams } from './file-text.js';
import { html, type SafeHtml } from './html.js';
import { message, verdictExplanation, type MessageParams } from './messages/messages.js';

/**
 * A verifier code as the report page shows it: the Chinese sentence, the English one below it, and
 * the raw code in small type beside them (support staff search by code). The tag escapes all three;
 * names taken from the file are quoted and marked in each language.
 */
export function reasonHtml(code: string, params?: MessageParams): SafeHtml {
  const zh = message('zh', code, markFileParams('zh', params));
  const en = message('en', code, markFileParams('en', params));
  return html`<span lang="zh-CN">${zh}</span><br><span lang="en" class="en">${en}</span> <code class="code">${code}</code>`;
}

/** What the verdict means for the reader, in both languages. */
export function verdictExplanationHtml(verdict: Verdict): SafeHtml {
  return html`<p class="verdict-explanation"><span lang="zh-CN">${verdictExplanation('zh', verdict)}</span><br><span lang="en" class="en">${verdictExplanation('en', verdict)}</span></p>`;
}
