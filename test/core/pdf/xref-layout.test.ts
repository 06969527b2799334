import { describe, expect, it } from 'vitest';
import { streamSectionIrregularity, tableIrregularity } from '../../../src/core/pdf/xref-layout.js';

const at = (text: string) => tableIrregularity(Buffer.from(text, 'latin1'), 0);
const ROWS = '0 2\n0000000000 65535 f \n0000000017 00000 n \n';

describe('the layout of a cross-reference table (ISO 32000-1 §7.5.4)', () => {
  it('accepts the table as the standard writes it, with any of its two-byte ends of line and blank lines before trailer', () => {
    expect(at(`xref\n${ROWS}trailer\n<<>>`)).toBeUndefined();
    expect(at('xref\r\n0 1\r\n0000000000 65535 f\r\n3 1\r\n0000000017 00000 n\r\n\r\ntrailer')).toBeUndefined();
    expect(at('xref\n0 1\n0000000000 65535 f \r3 1\n0000000017 00002 n \n\n  trailer')).toBeUndefined();
  });

  it.each([
    ['rows of 21 bytes', 'xref\n0 1\n0000000000 65535 f \r\n3 1\n0000000017 00000 n \r\ntrailer', 'row_format'],
    ['a blank line between subsections', 'xref\n0 1\n0000000000 65535 f \n\n3 1\n0000000017 00000 n \ntrailer', 'row_format'],
    ['a row of 19 bytes', 'xref\n0 1\n0000000000 65535 f\ntrailer', 'row_format'],
    ['an offset with a sign', 'xref\n0 1\n0000000000 65535 f \n3 1\n+000000017 00000 n \ntrailer', 'row_format'],
    ['an unpadded row', 'xref\n0 1\n0000000000 65535 f \n3 1\n17 0 n \ntrailer', 'row_format'],
    ['a count beyond the rows', 'xref\n0 3\n0000000000 65535 f \ntrailer', 'row_format'],
    ['a comment before xref', '%c\nxref\n0 1\n0000000000 65535 f \ntrailer', 'offset_not_at_section'],
    ['white space before xref', ' xref\n0 1\n0000000000 65535 f \ntrailer', 'offset_not_at_section'],
    ['a subsection 1 n opening with the free-list head', 'xref\n1 2\n0000000000 65535 f \n0000000017 00000 n \ntrailer', 'subsection_renumbered'],
  ])('names %s', (_what, text, irregularity) => {
    expect(at(text)).toBe(irregularity);
  });

  it('wants startxref or /Prev of a stream section exactly at the object number', () => {
    expect(streamSectionIrregularity(Buffer.from('12 0 obj'), 0)).toBeUndefined();
    expect(streamSectionIrregularity(Buffer.from(' 12 0 obj'), 0)).toBe('offset_not_at_section');
  });
});
