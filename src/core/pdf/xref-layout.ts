/**
 * Whether a cross-reference section is written exactly as ISO 32000-1 §7.5.4 and §7.5.8 lay it out.
 * Our reader reads tables by tokens and forgives a lot; MuPDF reads each row as a 20-byte record and
 * poppler renumbers a subsection it takes for mis-numbered, and both then rebuild the table by
 * scanning the file. A section after a signature that one of them would repair shows them another
 * document than the one the strict reading shows, so the verifier forbids it (`reader_repair_required`).
 */
export type LayoutIrregularity =
  /** `startxref` or `/Prev` does not point exactly at `xref` or at an object header. */
  | 'offset_not_at_section'
  /** A row is not `oooooooooo ggggg n|f` and a two-byte end of line, or a subsection line is malformed. */
  | 'row_format'
  /** A subsection starting at 1 whose first row is the free-list head of object 0: poppler renumbers it from 0. */
  | 'subsection_renumbered';

const ROW = /^\d{10} \d{5} [nf](?: \r| \n|\r\n)$/;
const SUBSECTION = /^(\d+) (\d+)[ \t]*(?:\r\n|\r|\n)/;
const XREF_LINE = /^xref[ \t]*(?:\r\n|\r|\n)/;

/** Irregularities of the classic table at `offset`, which our reader has already read as valid. */
export function tableIrregularity(bytes: Uint8Array, offset: number): LayoutIrregularity | undefined {
  const text = (from: number, length: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, Math.min(length, bytes.length - from))).toString('latin1');
  const head = XREF_LINE.exec(text(offset, 16));
  if (!head) return text(offset, 4) === 'xref' ? 'row_format' : 'offset_not_at_section';
  let pos = offset + head[0].length;
  for (;;) {
    // MuPDF reads subsections while the next byte is a digit, then lexes (white space allowed) `trailer`.
    if (!isDigit(bytes[pos])) {
      while (pos < bytes.length && (bytes[pos] === 0x20 || bytes[pos] === 0x0a || bytes[pos] === 0x0d)) pos++;
      return text(pos, 7) === 'trailer' ? undefined : 'row_format';
    }
    const sub = SUBSECTION.exec(text(pos, 48));
    if (!sub) return 'row_format';
    pos += sub[0].length;
    const [first, count] = [Number(sub[1]), Number(sub[2])];
    for (let i = 0; i < count; i++, pos += 20) {
      const row = text(pos, 20);
      if (!ROW.test(row)) return 'row_format';
      if (i === 0 && first === 1 && row.startsWith('0000000000 65535 f')) return 'subsection_renumbered';
    }
  }
}

/** §7.5.8: `startxref` or `/Prev` names the byte where the stream object's number begins. */
export function streamSectionIrregularity(bytes: Uint8Array, offset: number): LayoutIrregularity | undefined {
  return isDigit(bytes[offset]) ? undefined : 'offset_not_at_section';
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}
