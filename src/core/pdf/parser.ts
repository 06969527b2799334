import { LexError, Lexer, type Token } from './lexer.js';
import { PdfDict, PdfRef, type PdfObject } from './objects.js';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/**
 * Reads one direct object from the lexer (ISO 32000-1 §7.3), with a nesting bound so that
 * `[[[[…` cannot exhaust the stack. Indirect references `n g R` are recognised by lookahead.
 */
export function parseObject(lx: Lexer, maxDepth: number): PdfObject {
  return parseValue(lx, nextToken(lx), maxDepth);
}

function nextToken(lx: Lexer): Token {
  try {
    return lx.next();
  } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message, e.offset);
    throw e;
  }
}

function parseValue(lx: Lexer, t: Token, depth: number): PdfObject {
  if (depth <= 0) throw new ParseError('objects nested too deeply', lx.pos);
  switch (t.kind) {
    case 'int':
      return maybeRef(lx, t.value);
    case 'real':
    case 'name':
    case 'string':
      return t.value;
    case 'delim':
      if (t.value === '[') return parseArray(lx, depth - 1);
      if (t.value === '<<') return parseDict(lx, depth - 1);
      throw new ParseError(`unexpected ${t.value}`, lx.pos);
    case 'keyword':
      if (t.value === 'true') return true;
      if (t.value === 'false') return false;
      if (t.value === 'null') return null;
      throw new ParseError(`unexpected keyword ${t.value.slice(0, 20)}`, lx.pos);
    case 'eof':
      throw new ParseError('unexpected end of data', lx.pos);
  }
}

/** `n g R` is a reference; anything else leaves the lexer after the integer. */
function maybeRef(lx: Lexer, n: number): PdfObject {
  const save = lx.pos;
  const t2 = safeNext(lx);
  if (t2?.kind === 'int') {
    const t3 = safeNext(lx);
    if (t3?.kind === 'keyword' && t3.value === 'R' && n >= 0 && t2.value >= 0) return new PdfRef(n, t2.value);
  }
  lx.pos = save;
  return n;
}

function safeNext(lx: Lexer): Token | undefined {
  try {
    return lx.next();
  } catch {
    return undefined;
  }
}

function parseArray(lx: Lexer, depth: number): PdfObject[] {
  const out: PdfObject[] = [];
  for (;;) {
    const t = nextToken(lx);
    if (t.kind === 'delim' && t.value === ']') return out;
    out.push(parseValue(lx, t, depth));
  }
}

function parseDict(lx: Lexer, depth: number): PdfDict {
  const map = new Map<string, PdfObject>();
  const seen = new Set<string>();
  let duplicates: string[] | undefined;
  for (;;) {
    const t = nextToken(lx);
    if (t.kind === 'delim' && t.value === '>>') return new PdfDict(map, duplicates);
    if (t.kind !== 'name') throw new ParseError('dictionary key is not a name', lx.pos);
    const key = t.value.name;
    // `/K a /K null` counts too: a reader taking the last value reads the key as absent.
    if (seen.has(key)) (duplicates ??= []).push(key);
    seen.add(key);
    const value = parseValue(lx, nextToken(lx), depth);
    // §7.3.7: a null value is the same as an absent entry.
    if (value !== null) map.set(key, value);
  }
}
