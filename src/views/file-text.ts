import type { Bilingual } from './labels.js';
import type { Lang, MessageParams } from './messages/messages.js';

/**
 * Text a report takes from the uploaded file (field names, /Name, certificate subjects and issuers)
 * is the uploader's, not the service's: a report that prints it bare would let anyone make the
 * service "say" a sentence such as "this document is certified authentic". So such text is always
 * shown in quotes, marked as taken from the file, and cut at this many characters with an ellipsis.
 */
export const FILE_TEXT_MAX_CHARS = 64;

const FROM_FILE: Bilingual = { zh: '文件所载', en: 'from the file' };

/** What the report says once about every quoted value, in both languages. */
export const FILE_TEXT_LEGEND: Bilingual = {
  zh: '带引号并注明“文件所载”的文字取自上传的文件，不是本服务的陈述。',
  en: 'Text in quotes marked "from the file" was read from the uploaded file; it is not a statement of this service.',
};

/**
 * Control, line-separator, zero-width and bidirectional-override characters (Unicode UAX #9 §2: they
 * can move text out of the quotes on screen) become spaces; quote marks inside become apostrophes,
 * so the value cannot close its own quotes: every initial and final punctuation mark (Unicode Pi, Pf),
 * and the other marks used as double quotes (CJK corner and double-prime quotes, full-width and
 * small forms, U+2E42).
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const QUOTES = /["\p{Pi}\p{Pf}\u201e\u201a\u300c-\u300f\u301d-\u301f\u2e42\ufe41-\ufe44\uff02\uff62\uff63]/gu;

/** The value flattened, cut at FILE_TEXT_MAX_CHARS code points (with "…"), in curly double quotes. */
export function quoteFileText(text: string): string {
  const chars = [...text.replace(INVISIBLE, ' ').replace(QUOTES, "'").replace(/\s+/g, ' ').trim()];
  const cut = chars.length > FILE_TEXT_MAX_CHARS ? `${chars.slice(0, FILE_TEXT_MAX_CHARS - 1).join('')}\u2026` : chars.join('');
  return `\u201c${cut}\u201d`;
}

/** A value from the file as one language shows it: quoted, cut and marked. */
export function fileText(lang: Lang, text: string): string {
  return lang === 'zh' ? `${quoteFileText(text)}（${FROM_FILE.zh}）` : `${quoteFileText(text)} (${FROM_FILE.en})`;
}

/** A value from the file with the mark in both languages, for the bilingual page. */
export function fileTextBilingual(text: string): string {
  return `${quoteFileText(text)} (${FROM_FILE.zh} / ${FROM_FILE.en})`;
}

/**
 * Message params that carry certificate names read from the CMS (the signer's, a chain member's, the
 * time-stamping authority's). The others are the verifier's own: numbers, ISO times, algorithm and
 * reason codes, and `anchor`, a subject from the operator's trust store.
 */
const FILE_TEXT_PARAMS: ReadonlySet<string> = new Set(['subject', 'subjects', 'tsa']);

/** `params` with every value taken from the file quoted, cut and marked for `lang`. */
export function markFileParams(lang: Lang, params: MessageParams): MessageParams {
  if (!params) return params;
  const marked: Record<string, NonNullable<MessageParams>[string]> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!FILE_TEXT_PARAMS.has(name)) marked[name] = value;
    else if (typeof value === 'string') marked[name] = fileText(lang, value);
    else if (Array.isArray(value)) marked[name] = value.map((v: string) => fileText(lang, v));
    else marked[name] = value;
  }
  return marked;
}
