import { LexError, Lexer } from '../pdf/lexer.js';
import { PdfDict, type PdfObject } from '../pdf/objects.js';
import { ParseError, parseObject } from '../pdf/parser.js';
import { ContentState } from './content-state.js';
import type { Rect, XObjectInfo } from './content-types.js';
import { inlineImageEnd } from './inline-image.js';

export type { Rect, XObjectInfo } from './content-types.js';

export type OccupiedBoxesInput = {
  /** The page's decoded content streams, concatenated with a newline between them. */
  content: Uint8Array;
  xobject: (name: string) => XObjectInfo | undefined;
  maxOperators?: number;
};

const DEFAULT_MAX_OPERATORS = 2_000_000;
/** Nesting of operand arrays and dictionaries (TJ arrays, marked-content property lists). */
const MAX_OPERAND_DEPTH = 32;
/** No operator takes more operands; a longer run is garbage and is dropped. */
const MAX_OPERANDS = 64;

/**
 * Boxes in user space covered by the text and images a page's content draws (ISO 32000-1 §8.2, §9.4):
 * estimated conservatively, without fonts. `complete` is false when the content could not be read to
 * its end (bad syntax, operator budget) or draws something whose extent is unknown (`sh`, an unknown
 * XObject). Bad content never throws: what was found so far is returned.
 */
export function occupiedBoxes(input: OccupiedBoxesInput): { boxes: Rect[]; complete: boolean } {
  const state = new ContentState(input.xobject);
  const lx = new Lexer(input.content);
  const budget = input.maxOperators ?? DEFAULT_MAX_OPERATORS;
  let finished = false;
  try {
    finished = interpret(lx, state, budget);
  } catch (e) {
    if (!(e instanceof LexError || e instanceof ParseError)) throw e;
  }
  return { boxes: state.out.boxes, complete: finished && state.out.complete };
}

/** Runs the operators; true when the end of the content was reached within the budget. */
function interpret(lx: Lexer, state: ContentState, budget: number): boolean {
  const operands: PdfObject[] = [];
  let operators = 0;
  for (;;) {
    const before = lx.pos;
    const t = lx.next();
    switch (t.kind) {
      case 'eof':
        return true;
      case 'keyword':
        if (t.value === 'true' || t.value === 'false' || t.value === 'null') {
          operands.push(t.value === 'null' ? null : t.value === 'true');
          break;
        }
        if (++operators > budget) return false;
        if (t.value === 'BI') {
          if (!skipInlineImage(lx)) return false;
          state.inlineImage();
        } else {
          state.apply(t.value, operands);
        }
        operands.length = 0;
        break;
      case 'delim':
        if (t.value === '[' || t.value === '<<') {
          lx.pos = before;
          operands.push(parseObject(lx, MAX_OPERAND_DEPTH));
        }
        break;
      default:
        operands.push(t.value);
    }
    if (operands.length > MAX_OPERANDS) operands.length = 0;
  }
}

/**
 * §8.9.7: `BI` key-value pairs `ID` data `EI`. Leaves the lexer after `EI`; false when the image does not
 * end (the rest of the content cannot be told from image data).
 */
function skipInlineImage(lx: Lexer): boolean {
  const dict = new PdfDict();
  for (;;) {
    const t = lx.next();
    if (t.kind === 'keyword' && t.value === 'ID') break;
    if (t.kind !== 'name') return false;
    dict.set(t.value.name, parseObject(lx, MAX_OPERAND_DEPTH));
  }
  const end = inlineImageEnd(lx.bytes, lx.pos, lx.end, dict);
  if (end < 0) return false;
  lx.pos = end;
  return true;
}
