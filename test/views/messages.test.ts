import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EN_MESSAGES, EN_REASONS, EN_VERDICTS } from '../../src/views/messages/en.js';
import { hasMessage, hasReason, message, verdictExplanation, type Lang } from '../../src/views/messages/messages.js';
import { ZH_MESSAGES, ZH_REASONS } from '../../src/views/messages/zh.js';

/**
 * Every code the verifier can put in a report must read as a sentence in both languages. The codes
 * are found in the verifier's sources, in each of the ways they are built there, so a new code
 * without a message fails here.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERIFY_DIR = join(ROOT, 'src/core/verify');
const LANGS: readonly Lang[] = ['en', 'zh'];

type Source = { readonly path: string; readonly text: string };

function sourcesUnder(dir: string): Source[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(path);
    return e.name.endsWith('.ts') ? [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

const SOURCES = sourcesUnder(VERIFY_DIR);
/** The signer's warnings (`{ code: '…', message }`) are shown with a signed document, so they need sentences too. */
const SIGNER_SOURCES = sourcesUnder(join(ROOT, 'src/core/sign'));
/** Its `return '…'` values are reasons of `timestamp_eku_missing`, not codes. */
const TSA_PURPOSE = 'src/core/verify/checks/tsa-purpose.ts';

const C = "'([a-z_]+(?::[A-Za-z]+)?)'";
/** Ways a code is written in src/core/verify; every capture group holds a code. */
const CODE_PATTERNS: readonly RegExp[] = [
  new RegExp(`code: ${C}`, 'g'), // { id, status, code: 'x' } and findings
  new RegExp(`code: [^,}\\n]*\\? ${C} : ${C}`, 'g'), // code: cond ? 'x' : 'y'
  new RegExp(`\\bfail\\('[a-z.-]+', ${C}`, 'g'), // fail('structure', 'x')
  new RegExp(`\\b(?:failed|forbid|allow)\\(${C}`, 'g'), // failed('x'), forbid('x'), allow('x')
  new RegExp(`\\b(?:forbid|allow)\\([^;\\n]*?\\? ${C} : (?:${C}|[A-Za-z]+)\\)`, 'g'), // forbid(cond ? 'x' : 'y' or a variable)
  new RegExp(`\\.code (?::|\\?\\?) ${C}`, 'g'), // a fallback: e.code : 'x', check?.code ?? 'x'
  new RegExp(`(?:CmsFactsError\\(|MAX_[A-Z_]+, )${C}`, 'g'), // CMS refusals, sequencesIn(…, 'too_many_x')
  new RegExp(`judgeSignatureValue\\([^)]*${C}\\)`, 'g'), // the signed code handed to the signature-value rule
];
/**
 * Helpers returning a code (readByteRange, keyProblem, essProblem): snake_case with an underscore, so
 * markers such as 'ambiguous' or a verdict are not taken for codes; not applied to TSA_PURPOSE.
 */
const S = "'([a-z]+(?:_[a-z0-9]+)+)'";
const RETURNED_CODE_PATTERNS: readonly RegExp[] = [`return ${S}`, `\\? undefined : ${S}`, `\\? ${S} : undefined`].map((p) => new RegExp(p, 'g'));
/** Codes built from a dictionary key: forbid(`catalog_changed:${safeKey(key)}`). */
const PREFIX_PATTERN = /\b(?:forbid|allow)\(`([a-z_]+):\$\{/g;

function captures(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].flatMap((m) => m.slice(1).filter((g): g is string => g !== undefined));
}

function extractCodes(): Set<string> {
  const codes = new Set<string>();
  for (const { path, text } of SOURCES) {
    const patterns = path === TSA_PURPOSE ? CODE_PATTERNS : [...CODE_PATTERNS, ...RETURNED_CODE_PATTERNS];
    for (const pattern of patterns) for (const code of captures(text, pattern)) codes.add(code);
    for (const prefix of captures(text, PREFIX_PATTERN)) codes.add(`${prefix}:{key}`);
  }
  for (const { text } of SIGNER_SOURCES) for (const code of captures(text, CODE_PATTERNS[0]!)) codes.add(code);
  return codes;
}

function source(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Param values with a phrase of their own: [the code that carries them, the value]. */
function extractReasons(): [string, string][] {
  const pairs = (code: string, values: string[]): [string, string][] => values.map((v) => [code, v]);
  const usage = [...source('src/core/verify/checks/certificate-usage.ts').matchAll(/code: '([a-z_]+)', reason: '([a-z_]+)'/g)];
  return [
    ...usage.map((m): [string, string] => [m[1]!, m[2]!]),
    ...pairs('timestamp_malformed', captures(source('src/core/verify/checks/timestamp.ts'), /malformed\('([a-z_]+)'/g)),
    ...pairs('timestamp_eku_missing', captures(source(TSA_PURPOSE), /return '([a-z_]+)'/g)),
    ...pairs('ambiguous_structure', captures(source('src/core/pdf/pdf-file.ts'), /ambiguities\.add\('([a-z_]+)'\)/g)),
    ...pairs('ambiguous_structure', captures(source('src/core/verify/file-structure.ts'), /kinds\.push\('([a-z_]+)'\)/g)),
  ];
}

const CODES = extractCodes();
const REASONS = extractReasons();

/** Snake-case literals in the verifier that are neither codes nor reasons, and why. */
const NOT_REPORTED: ReadonlySet<string> = new Set([
  'corrupt_pdf', // a DocsealError code: the file is refused, no report is made
  'limit_exceeded', // likewise
  'revoked_later', // revocation status kind inside checks/revocation.ts; reported as certificate_revoked_later
]);

describe('the message catalogue covers every verifier code', () => {
  it('finds the codes in the verifier sources, however they are built', () => {
    expect(CODES.size).toBeGreaterThanOrEqual(140);
    for (const known of [
      'digest_mismatch', // failed('…') in checks/integrity.ts
      'byte_range_gap_mismatch', // fail('structure', '…') in checks/structure.ts
      'byte_range_missing', // returned by readByteRange
      'page_content_changed', // forbid('…') in diff/annotations.ts
      'certificate_expired', // code: '…' in checks/trust.ts
      'timestamp_valid',
      'trailing_bytes',
      'only_allowed_changes', // code: cond ? '…' : '…'
      'no_changes',
      'document_timestamp_added', // allow(cond ? '…' : signedCode)
      'signature_field_signed', // judgeSignatureValue(ctx, v, '…')
      'too_many_certificates', // sequencesIn(…, MAX_CERTIFICATES, '…')
      'contents_trailing_bytes', // new CmsFactsError('…')
      'weak_key', // keyProblem's ternary
      'signing_certificate_mismatch', // returned by essProblem
      'catalog_changed:{key}', // forbid(`catalog_changed:${safeKey(key)}`)
      'catalog_changed:Perms',
      'new_field_after_certification', // a signer warning: { code: '…', message } in src/core/sign
      'seal_overlaps_content',
    ]) {
      expect(CODES, known).toContain(known);
    }
    expect(CODES).not.toContain('absent');
  });

  it.each(LANGS)('every code has a message in %s', (lang) => {
    expect([...CODES].filter((code) => !hasMessage(lang, code))).toEqual([]);
  });

  it('every message belongs to a code the verifier still emits (no stale entries)', () => {
    const covered = (key: string) => CODES.has(key);
    expect(Object.keys(EN_MESSAGES).filter((key) => !covered(key))).toEqual([]);
    expect(Object.keys(ZH_MESSAGES).sort()).toEqual(Object.keys(EN_MESSAGES).sort());
  });

  it.each(LANGS)('every reason and ambiguity kind has a phrase in %s', (lang) => {
    expect(REASONS.length).toBeGreaterThanOrEqual(12);
    expect(REASONS.filter(([code, value]) => !hasReason(lang, code, value))).toEqual([]);
    expect(Object.keys(ZH_REASONS).sort()).toEqual(Object.keys(EN_REASONS).sort());
  });

  it('every other snake_case literal in the verifier is a code, a reason, or known not to be reported', () => {
    const reasonValues = new Set(REASONS.map(([, value]) => value));
    const literals = new Set(SOURCES.flatMap(({ text }) => captures(text, /'([a-z][a-z0-9]*(?:_[a-z0-9]+)+(?::[A-Za-z]+)?)'/g)));
    const unknown = [...literals].filter((l) => !CODES.has(l) && !reasonValues.has(l) && !NOT_REPORTED.has(l));
    expect(unknown).toEqual([]);
  });
});

describe('message', () => {
  it('fills placeholders from params, in both languages', () => {
    const params = { subject: 'CN=Alice', notAfter: '2020-01-01T00:00:00.000Z' };
    expect(message('en', 'certificate_expired', params)).toBe(
      'The certificate of CN=Alice had expired (2020-01-01T00:00:00.000Z) at the signing time.',
    );
    expect(message('zh', 'certificate_expired', params)).toBe('CN=Alice 的证书在签署时已过期（有效期至 2020-01-01T00:00:00.000Z）。');
  });

  it('answers the code itself when it has no message, and never reads inherited keys', () => {
    expect(message('en', 'a_code_from_the_future')).toBe('a_code_from_the_future');
    expect(message('zh', 'constructor')).toBe('constructor');
    expect(message('en', 'no_such_prefix:Key')).toBe('no_such_prefix:Key');
  });

  it('reads prefix:Key codes with the prefix message and the key', () => {
    expect(message('en', 'catalog_changed:OpenAction')).toBe(
      'The entry /OpenAction of the document catalog changed; it can add actions, attachments or pages.',
    );
    expect(message('zh', 'acroform_changed:XFA')).toBe('交互式表单字典的 /XFA 项被改动。');
    expect(message('en', 'catalog_changed')).toBe('The document catalog was replaced by something that is not a dictionary.');
  });

  it('phrases reasons and kinds (scoped to the code first), joins lists, keeps unknown reasons raw', () => {
    expect(message('en', 'timestamp_eku_missing', { reason: 'absent', tsa: 'CN=TSA' })).toBe(
      'The certificate of the time-stamping authority CN=TSA is not restricted to time-stamping (time-stamping is not among its extended key usages).',
    );
    expect(message('en', 'ambiguous_structure', { kinds: ['duplicate_xref_entries', 'stream_length_mismatch'] })).toContain(
      '(an object listed twice in one cross-reference section; a stream whose /Length does not match its end)',
    );
    expect(message('zh', 'revocation_not_checked', { subjects: ['CN=A', 'CN=B'] })).toBe('未检查吊销状态：我们没有 CN=A、CN=B 的吊销列表。');
    expect(message('en', 'timestamp_signature_invalid', { check: 'integrity.digest', reason: 'digest_mismatch' })).toBe(
      "The time-stamp token's own signature is not valid (integrity.digest: digest_mismatch).",
    );
  });

  it('escapes nothing itself: the page escapes', () => {
    expect(message('en', 'certificate_expired', { subject: '<b>&', notAfter: 'x' })).toContain('of <b>& had');
  });

  it('leaves a placeholder whose param is missing visible rather than inventing a value', () => {
    expect(message('en', 'byte_range_outside_file')).toBe('The signed bytes reach beyond the end of the file ({size} bytes).');
  });

  it.each(LANGS)('explains every verdict in one sentence in %s', (lang) => {
    for (const verdict of ['valid', 'valid-untrusted', 'modified', 'invalid', 'revoked', 'unsigned'] as const) {
      expect(verdictExplanation(lang, verdict).length, verdict).toBeGreaterThan(10);
    }
  });

  it('English messages print in the Helvetica PDF report: WinAnsi characters only', () => {
    const winAnsiPunctuation = /^[\x20-\x7e]*$/;
    const texts = [...Object.values(EN_MESSAGES), ...Object.values(EN_REASONS), ...Object.values(EN_VERDICTS)];
    expect(texts.filter((t) => !winAnsiPunctuation.test(t))).toEqual([]);
  });
});
