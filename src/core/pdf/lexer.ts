import { PdfName, PdfReal, PdfString } from './objects.js';

/** ISO 32000-1 §7.2.2: white-space and delimiter characters. */
const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

export function isWhitespace(c: number): boolean {
  return WHITESPACE[c] === 1;
}

export function isRegular(c: number): boolean {
  return WHITESPACE[c] !== 1 && DELIMITER[c] !== 1;
}

export type Token =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'real'; readonly value: PdfReal }
  | { readonly kind: 'name'; readonly value: PdfName }
  | { readonly kind: 'string'; readonly value: PdfString }
  | { readonly kind: 'keyword'; readonly value: string }
  | { readonly kind: 'delim'; readonly value: '[' | ']' | '<<' | '>>' | '{' | '}' }
  | { readonly kind: 'eof' };

export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'LexError';
  }
}

const MAX_STRING = 32 * 1024 * 1024;

/**
 * Tokens of PDF syntax (ISO 32000-1 §7.2-7.3), over a byte array, from a position.
 * Shared by the object parser and the content-stream reader.
 */
export class Lexer {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < this.end) {
      const c = b[this.pos]!;
      if (WHITESPACE[c] === 1) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.end && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  next(): Token {
    this.skipWhitespace();
    if (this.pos >= this.end) return { kind: 'eof' };
    const b = this.bytes;
    const c = b[this.pos]!;
    switch (c) {
      case 0x5b: this.pos++; return { kind: 'delim', value: '[' };
      case 0x5d: this.pos++; return { kind: 'delim', value: ']' };
      case 0x7b: this.pos++; return { kind: 'delim', value: '{' };
      case 0x7d: this.pos++; return { kind: 'delim', value: '}' };
      case 0x2f: return this.readName();
      case 0x28: return this.readLiteralString();
      case 0x3c:
        if (b[this.pos + 1] === 0x3c) { this.pos += 2; return { kind: 'delim', value: '<<' }; }
        return this.readHexString();
      case 0x3e:
        if (b[this.pos + 1] === 0x3e) { this.pos += 2; return { kind: 'delim', value: '>>' }; }
        throw new LexError('unexpected >', this.pos);
      case 0x29:
        throw new LexError('unexpected )', this.pos);
      default:
        return this.readRegular();
    }
  }

  /**
   * Reads a run of regular characters: a number or a keyword. Numbers are parsed in place (no string
   * is built for them), because content streams are mostly numbers and this is the lexer's hot path.
   */
  private readRegular(): Token {
    const start = this.pos;
    const b = this.bytes;
    let i = start;
    let sign = 1;
    if (b[i] === 0x2b || b[i] === 0x2d) sign = b[i++] === 0x2d ? -1 : 1;
    let intPart = 0;
    let digits = 0;
    while (i < this.end && b[i]! >= 0x30 && b[i]! <= 0x39) {
      intPart = intPart * 10 + (b[i++]! - 0x30);
      digits++;
    }
    let real = false;
    let frac = 0;
    let scale = 1;
    if (i < this.end && b[i] === 0x2e) {
      real = true;
      i++;
      while (i < this.end && b[i]! >= 0x30 && b[i]! <= 0x39) {
        frac = frac * 10 + (b[i++]! - 0x30);
        scale *= 10;
        digits++;
      }
    }
    if (digits > 0 && (i >= this.end || !isRegular(b[i]!))) {
      this.pos = i;
      if (!real) return { kind: 'int', value: sign * intPart };
      const v = sign * (intPart + frac / scale);
      return { kind: 'real', value: new PdfReal(Number.isFinite(v) ? v : 0) };
    }
    while (i < this.end && isRegular(b[i]!)) i++;
    this.pos = i;
    return { kind: 'keyword', value: Buffer.from(b.buffer, b.byteOffset + start, i - start).toString('latin1') };
  }

  private readName(): Token {
    const b = this.bytes;
    const start = ++this.pos;
    let escaped = false;
    while (this.pos < this.end && isRegular(b[this.pos]!)) {
      if (b[this.pos] === 0x23) escaped = true;
      this.pos++;
    }
    if (this.pos - start > 65_535) throw new LexError('name too long', this.pos);
    const raw = Buffer.from(b.buffer, b.byteOffset + start, this.pos - start);
    return { kind: 'name', value: PdfName.of(escaped ? unescapeName(raw) : raw.toString('latin1')) };
  }

  private readHexString(): Token {
    const b = this.bytes;
    const start = ++this.pos;
    let close = start;
    while (close < this.end && b[close] !== 0x3e) close++;
    if (close >= this.end) throw new LexError('unterminated hex string', start);
    // Decoded in place into one buffer: signature /Contents are tens of kilobytes of hex.
    const out = Buffer.allocUnsafe((close - start + 1) >> 1);
    let n = 0;
    let high = -1;
    for (let i = start; i < close; i++) {
      const c = b[i]!;
      const v = hexValue(c);
      if (v < 0) {
        if (!isWhitespace(c)) throw new LexError('bad character in hex string', i);
        continue;
      }
      if (high < 0) high = v;
      else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high << 4; // §7.3.4.3: a missing final digit is 0
    this.pos = close + 1;
    return { kind: 'string', value: new PdfString(out.subarray(0, n), true) };
  }

  private readLiteralString(): Token {
    const b = this.bytes;
    const out = new ByteSink();
    let depth = 1;
    this.pos++;
    while (this.pos < this.end) {
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) {
        this.readEscape(out);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        return { kind: 'string', value: new PdfString(out.bytes(), false) };
      }
      out.push(c);
      if (out.length > MAX_STRING) throw new LexError('string too long', this.pos);
    }
    throw new LexError('unterminated string', this.pos);
  }

  /** §7.3.4.2, Table 3: escape sequences in literal strings. */
  private readEscape(out: ByteSink): void {
    const b = this.bytes;
    if (this.pos >= this.end) return;
    const e = b[this.pos++]!;
    const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
    if (simple[e] !== undefined) out.push(simple[e]);
    else if (e >= 0x30 && e <= 0x37) {
      let v = e - 0x30;
      for (let k = 0; k < 2 && this.pos < this.end && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++) {
        v = v * 8 + (b[this.pos++]! - 0x30);
      }
      out.push(v & 0xff);
    } else if (e === 0x0d) {
      if (b[this.pos] === 0x0a) this.pos++;
    } else if (e !== 0x0a) out.push(e);
  }
}

/**
 * The bytes of a literal string as they are read, in a Buffer that doubles as it fills: a JS number[]
 * would cost eight or more bytes of V8 heap per string byte, which no decode budget counts.
 */
class ByteSink {
  private buf = Buffer.allocUnsafe(64);
  length = 0;

  push(c: number): void {
    if (this.length === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.buf[this.length++] = c;
  }

  /** A copy of exactly the bytes pushed (the working buffer may be twice as large). */
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

/**
 * §7.3.5: #xx is a hexadecimal escape inside a name; a # not followed by two hex digits is kept. A name
 * may not hold the null character: poppler and MuPDF keep names as C strings, which end at #00, so
 * `/Rect#00` is `/Rect` to them. The name ends there for us too, so that such a key reads as the key
 * those readers see (and given twice, as a duplicate), not as another one.
 */
function unescapeName(raw: Buffer): string {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === 0x23 && i + 2 < raw.length && isHex(raw[i + 1]!) && isHex(raw[i + 2]!)) {
      const value = parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16);
      if (value === 0) break;
      out.push(value);
      i += 2;
    } else out.push(c);
  }
  return Buffer.from(out).toString('latin1');
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
