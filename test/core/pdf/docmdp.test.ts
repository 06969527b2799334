import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { certificationSignature, docMdpLevels } from '../../../src/core/pdf/docmdp.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { certificationLevel } from '../../../src/core/verify/diff/certification.js';
import { describeDocument } from '../../../src/core/verify/diff/roles.js';
import { certified } from '../../helpers/certified-pdf.js';

/** The one DocMDP reader (ISO 32000-1 §12.8.2.2, Table 254) and how the verifier reads what it returns. */
function open(params: string): PdfFile {
  return PdfFile.open(certified({ params }), DEFAULT_PDF_LIMITS);
}

describe('docMdpLevels', () => {
  it.each([
    ['/P 1', 1],
    ['/P 2', 2],
    ['/P 3', 3],
    ['', 2],
    ['/P 0', 'invalid'],
    ['/P 4', 'invalid'],
    ['/P -1', 'invalid'],
    ['/P 2.0', 'invalid'],
    ['/P /Two', 'invalid'],
    ['/P (2)', 'invalid'],
  ])('reads TransformParams "%s" as %s', (params, level) => {
    const file = open(params);
    expect(docMdpLevels(file, certificationSignature(file)!)).toEqual([level]);
  });

  it('finds no certification in a document without /Perms', () => {
    expect(certificationSignature(PdfFile.open(certified({ certified: false }), DEFAULT_PDF_LIMITS))).toBeUndefined();
  });
});

describe('the verifier reads a DocMDP level outside 1-3 as 1, the strictest', () => {
  it.each([
    ['/P 4', 1],
    ['/P 2.0', 1],
    ['', 2],
    ['/P 3', 3],
  ])('"%s" is read as %s', (params, level) => {
    const file = open(params);
    expect(certificationLevel(file, describeDocument(file))).toBe(level);
  });
});
