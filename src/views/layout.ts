import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { Bilingual } from './labels.js';

/** A label as the pages show it: Chinese first, English beside it. */
export const bilingual = (label: Bilingual): SafeHtml =>
  html`<span lang="zh-CN">${label.zh}</span> <span lang="en" class="en">${label.en}</span>`;

/** A sentence in both languages: the Chinese one, the English one below it. */
export const bilingualBlock = (label: Bilingual): SafeHtml =>
  html`<span lang="zh-CN">${label.zh}</span><br><span lang="en" class="en">${label.en}</span>`;

/** One `<dt>`/`<dd>` pair of a definition list. */
export const field = (label: Bilingual, value: HtmlValue): SafeHtml => html`<dt>${bilingual(label)}</dt><dd>${value}</dd>`;

/**
 * The page shell. Styles and scripts come only from /static (the Content-Security-Policy forbids
 * inline ones), so the markup carries no `style` or `on…` attribute.
 */
export function renderPage(opts: { title: Bilingual; body: SafeHtml; scripts?: readonly string[] }): string {
  const scripts = (opts.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title.zh} · ${opts.title.en} — docseal</title>
<link rel="stylesheet" href="/static/docseal.css">
${scripts}
</head>
<body>
<main>
<h1>${bilingual(opts.title)}</h1>
${opts.body}
</main>
<footer>docseal</footer>
</body>
</html>
`.value;
}
