import { describe, expect, it } from 'vitest';
import { quoteFileText } from '../../src/views/file-text.js';

/** Every mark a reader may take for a double quote: Unicode's Quotation_Mark set, and the ASCII one. */
const QUOTATION_MARKS = [
  '"', '\u00ab', '\u00bb', '\u201c', '\u201d', '\u201e', '\u201f', '\u2039', '\u203a', '\u2e42',
  '\u300c', '\u300d', '\u300e', '\u300f', '\u301d', '\u301e', '\u301f', '\ufe41', '\ufe42', '\ufe43', '\ufe44', '\uff02', '\uff62', '\uff63',
];

describe('a value taken from the file', () => {
  it.each(QUOTATION_MARKS)('cannot close its own quotes with U+%s', (mark) => {
    const quoted = quoteFileText(`Acme${mark} The service certifies this document ${mark}x`);
    expect(quoted.startsWith('\u201c') && quoted.endsWith('\u201d')).toBe(true);
    expect(quoted.slice(1, -1)).not.toContain(mark);
  });
});
