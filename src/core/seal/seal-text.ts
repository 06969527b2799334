import type { SealContent } from '../sign/types.js';
import type { CjkFont } from './cjk-font.js';
import type { CjkFontSubset } from './cjk-font-subset.js';
import { num } from './number-format.js';
import type { Box } from './seal-layout.js';

const RED = '0.75 0.06 0.06 rg';
const DARK = '0.12 0.12 0.12 rg';

type Line = { readonly text: string; readonly size: number; readonly color: string; readonly wrap?: boolean };

/** A name that would shrink below this share of its nominal size is set on two lines instead. */
const WRAP_BELOW = 0.7;

/**
 * The labels, Chinese first (the seal is read in China first), English after a slash. The hash is of
 * the original upload, before signing: the signed file's own hash cannot be printed inside it.
 */
export const SEAL_LABELS = {
  signedBy: '签署 / Signed by',
  time: '时间 / Time',
  id: '编号 / ID',
  originalHash: '原文件 SHA-256 / SHA-256 of the original',
  beforeSigning: '(签署前 / before signing)',
} as const;

/** The department's names beside the image; nominal sizes are fractions of the seal's height. */
function nameLines(content: SealContent, sealHeight: number): Line[] {
  return [
    { text: content.departmentNameZh, size: 0.13 * sealHeight, color: RED, wrap: true },
    { text: content.departmentNameEn, size: 0.075 * sealHeight, color: DARK, wrap: true },
  ];
}

/** The labelled lines under the image; the hash's first digits get a line of their own, marked as a prefix. */
function detailLines(content: SealContent, sealHeight: number): Line[] {
  const line = (text: string, wrap = false): Line => ({ text, size: 0.07 * sealHeight, color: DARK, wrap });
  return [
    line(`${SEAL_LABELS.signedBy}: ${content.signerName}`, true),
    line(`${SEAL_LABELS.time}: ${content.signingTimeText}`),
    line(`${SEAL_LABELS.id}: ${content.documentId}`),
    line(`${SEAL_LABELS.originalHash}:`),
    line(`${content.hashPrefix}... ${SEAL_LABELS.beforeSigning}`),
  ];
}

/** One text object: the names in their box, the labelled lines in theirs. */
export function sealTextOperators(
  content: SealContent,
  font: CjkFont,
  subset: CjkFontSubset,
  boxes: { readonly names: Box; readonly details: Box },
  sealHeight: number,
): string {
  const ops = ['BT'];
  ops.push(...blockOperators(nameLines(content, sealHeight), font, subset, boxes.names));
  ops.push(...blockOperators(detailLines(content, sealHeight), font, subset, boxes.details));
  ops.push('ET');
  return ops.join('\n');
}

/**
 * The lines left-aligned in `box` and vertically centred. A line's font size shrinks from its nominal
 * size until its measured width fits the box; if the lines are then still too tall for the box, all
 * shrink together.
 */
function blockOperators(lines: Line[], font: CjkFont, subset: CjkFontSubset, box: Box): string[] {
  const fitted = lines
    .filter((l) => l.text.length > 0)
    .flatMap((l) => (l.wrap ? wrapLine(l, font, box.width) : [l]))
    .map((l) => {
      const natural = font.widthOf(l.text, 1);
      return { ...l, size: natural > 0 ? Math.min(l.size, box.width / natural) : l.size };
    });
  const leading = 1.3;
  const blockHeight = fitted.reduce((h, l) => h + leading * l.size, 0);
  const scale = blockHeight > 0 ? Math.min(1, box.height / blockHeight) : 1;
  let top = box.y + (box.height + blockHeight * scale) / 2;
  const ops: string[] = [];
  for (const line of fitted) {
    const size = line.size * scale;
    top -= leading * size;
    // The baseline sits above the line's bottom by about the font's descent.
    const baseline = top + 0.3 * size;
    ops.push(`/F1 ${num(size)} Tf ${line.color} 1 0 0 1 ${num(box.x)} ${num(baseline)} Tm`);
    ops.push(`${subset.encode(line.text)} Tj`);
  }
  return ops;
}

/**
 * Splits a long name in two where the longer half is shortest: at a space when it has one (Latin),
 * else between any two characters (Chinese has no spaces).
 */
function wrapLine(line: Line, font: CjkFont, width: number): Line[] {
  if (font.widthOf(line.text, line.size) * WRAP_BELOW <= width) return [line];
  const chars = [...line.text];
  const spaces = chars.flatMap((c, i) => (c === ' ' ? [i] : []));
  const cuts = spaces.length > 0 ? spaces : chars.map((_, i) => i).slice(1);
  let best: [string, string] | undefined;
  let bestWidth = Infinity;
  for (const cut of cuts) {
    const first = chars.slice(0, cut).join('');
    const second = chars.slice(cut).join('').trimStart();
    const longer = Math.max(font.widthOf(first, 1), font.widthOf(second, 1));
    if (longer < bestWidth) {
      bestWidth = longer;
      best = [first, second];
    }
  }
  if (!best) return [line];
  return best.map((text) => ({ ...line, text }));
}
