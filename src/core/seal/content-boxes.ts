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
 * Tokens read between two pauses of `occupiedBoxesYielding`. The slowest tokens (operators such as
 * `q`/`Q`) take a few microseconds each, so a slice stays near 10 ms of work.
 */
const TOKENS_PER_SLICE = 4_000;

type Occupied = { boxes: Rect[]; complete: boolean };

/**
 * Boxes in user space covered by the text and images a page's content draws (ISO 32000-1 §8.2, §9.4):
 * estimated conservatively, without fonts. `complete` is false when the content could not be read to
 * its end (bad syntax, operator budget) or draws something whose extent is unknown (`sh`, an unknown
 * XObject). Bad content never throws: what was found so far is returned.
 */
export function occupiedBoxes(input: OccupiedBoxesInput): Occupied {
  const state = new ContentState(input.xobject);
  const steps = interpret(new Lexer(input.content), state, input.maxOperators ?? DEFAULT_MAX_OPERATORS);
  let finished = false;
  try {
    let step = steps.next();
    while (!step.done) step = steps.next();
    finished = step.value;
  } catch (e) {
    if (!(e instanceof LexError || e instanceof ParseError)) throw e;
  }
  return { boxes: state.out.boxes, complete: finished && state.out.complete };
}

/**
 * The same reading, with `pause()` awaited after every slice of tokens: a service that reads a page on
 * its event loop (the signer) keeps answering other requests while a large content stream is read.
 */
export async function occupiedBoxesYielding(input: OccupiedBoxesInput, pause: () => Promise<void>): Promise<Occupied> {
  const state = new ContentState(input.xobject);
  const steps = interpret(new Lexer(input.content), state, input.maxOperators ?? DEFAULT_MAX_OPERATORS);
  let finished = false;
  try {
    let step = steps.next();
    while (!step.done) {
      await pause();
      step = steps.next();
    }
    finished = step.value;
  } catch (e) {
    if (!(e instanceof LexError || e instanceof ParseError)) throw e;
  }
  return { boxes: state.out.boxes, complete: finished && state.out.complete };
}

/**
 * Runs the operators, yielding after every slice of tokens; returns true when the end of the content
 * was reached within the budget.
 */
function* interpret(lx: Lexer, state: ContentState, budget: number): Generator<void, boolean> {
  const operands: PdfObject[] = [];
  let operators = 0;
  for (let tokens = 1; ; tokens++) {
    if (tokens % TOKENS_PER_SLICE === 0) yield;
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
