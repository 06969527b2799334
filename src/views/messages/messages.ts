import type { Check, Verdict } from '../../core/verify/report.js';
import { EN_ERROR_PAGES, EN_MESSAGES, EN_REASONS, EN_UNKNOWN_DEPARTMENT, EN_VERDICTS, type ErrorPageKey } from './en.js';
import { ZH_ERROR_PAGES, ZH_MESSAGES, ZH_REASONS, ZH_UNKNOWN_DEPARTMENT, ZH_VERDICTS } from './zh.js';

export type Lang = 'en' | 'zh';

/** The params a check carries (numbers, names, lists of names the verifier chose). */
export type MessageParams = Check['params'];

type Catalogue = {
  readonly messages: Readonly<Record<string, string>>;
  readonly reasons: Readonly<Record<string, string>>;
  readonly verdicts: Readonly<Record<Verdict, string>>;
  readonly listSeparator: string;
};

const CATALOGUES: Readonly<Record<Lang, Catalogue>> = {
  en: { messages: EN_MESSAGES, reasons: EN_REASONS, verdicts: EN_VERDICTS, listSeparator: '; ' },
  zh: { messages: ZH_MESSAGES, reasons: ZH_REASONS, verdicts: ZH_VERDICTS, listSeparator: '、' },
};

/** Params whose values are reasons or kinds with a phrase of their own rather than names or numbers. */
const PHRASED_PARAMS: ReadonlySet<string> = new Set(['reason', 'kinds']);

const own = (record: Readonly<Record<string, string>>, key: string): string | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * The template for `code` and the params its key adds: the code itself, or for `prefix:Key` (a
 * finding named after a dictionary key, e.g. `catalog_changed:OpenAction`) the `prefix:{key}` entry.
 */
function templateFor(messages: Catalogue['messages'], code: string): { template: string; key?: string } | undefined {
  const exact = own(messages, code);
  if (exact !== undefined) return { template: exact };
  const colon = code.indexOf(':');
  if (colon <= 0) return undefined;
  const template = own(messages, `${code.slice(0, colon)}:{key}`);
  return template === undefined ? undefined : { template, key: code.slice(colon + 1) };
}

/** Whether `code` has a sentence of its own in `lang` (else `message` answers the code itself). */
export function hasMessage(lang: Lang, code: string): boolean {
  return templateFor(CATALOGUES[lang].messages, code) !== undefined;
}

/** Whether a `reason` or `kinds` value has a phrase in `lang`, alone or scoped to `code` (`code.value`). */
export function hasReason(lang: Lang, code: string, value: string): boolean {
  const { reasons } = CATALOGUES[lang];
  return own(reasons, `${code}.${value}`) !== undefined || own(reasons, value) !== undefined;
}

function formatValue(cat: Catalogue, code: string, name: string, value: NonNullable<MessageParams>[string]): string {
  const phrase = (v: string): string => (PHRASED_PARAMS.has(name) ? (own(cat.reasons, `${code}.${v}`) ?? own(cat.reasons, v) ?? v) : v);
  if (Array.isArray(value)) return value.map(phrase).join(cat.listSeparator);
  return typeof value === 'string' ? phrase(value) : String(value);
}

/**
 * The sentence for a verifier code in `lang`, with its `{param}` placeholders filled; the code itself
 * when the catalogue has none, so a new code still shows something a support desk can search for.
 * Escapes nothing: the `html` tag escapes on the page, the PDF writer draws text.
 */
export function message(lang: Lang, code: string, params: MessageParams = {}): string {
  const cat = CATALOGUES[lang];
  const found = templateFor(cat.messages, code);
  if (!found) return code;
  const values: NonNullable<MessageParams> = found.key === undefined ? params : { ...params, key: found.key };
  return found.template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? placeholder : formatValue(cat, code, name, value);
  });
}

/** One sentence telling the reader what `verdict` means for the document in their hands. */
export function verdictExplanation(lang: Lang, verdict: Verdict): string {
  return CATALOGUES[lang].verdicts[verdict];
}

export type ErrorPageText = { readonly title: string; readonly happened: string; readonly next: string };

const ERROR_PAGES: Readonly<Record<Lang, { readonly pages: Readonly<Record<ErrorPageKey, ErrorPageText>>; readonly unknown: string }>> = {
  en: { pages: EN_ERROR_PAGES, unknown: EN_UNKNOWN_DEPARTMENT },
  zh: { pages: ZH_ERROR_PAGES, unknown: ZH_UNKNOWN_DEPARTMENT },
};

export const isErrorPageKey = (key: string): key is ErrorPageKey => Object.hasOwn(EN_ERROR_PAGES, key);

/** An error page's sentences in `lang`, naming the issuing department where it is known. */
export function errorPageText(lang: Lang, key: ErrorPageKey, department?: string): ErrorPageText {
  const { pages, unknown } = ERROR_PAGES[lang];
  const page = pages[key];
  // A function, not a string: a name holding `$&` or `$'` is printed as it is, not as a replacement pattern.
  return { ...page, next: page.next.replace('{department}', () => department ?? unknown) };
}
