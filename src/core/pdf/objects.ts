/**
 * The PDF object model of our own reader and writer (ISO 32000-1 §7.3).
 * Integers are JS numbers and reals are PdfReal, because a verifier must tell `/ByteRange [0 1.0 …]`
 * from `[0 1 …]`; use `numberValue` where either is fine.
 */
export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}
  /** Names are interned so they can be compared with ===. */
  static of(name: string): PdfName {
    let n = PdfName.interned.get(name);
    if (!n) {
      n = new PdfName(name);
      if (PdfName.interned.size < 10_000) PdfName.interned.set(name, n);
    }
    return n;
  }
}

export class PdfReal {
  constructor(readonly value: number) {}
}

export class PdfString {
  /** `hex` records the form it was written in: a signature's /Contents must be a hex string. */
  constructor(
    readonly bytes: Uint8Array,
    readonly hex: boolean,
  ) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfDict {
  constructor(
    readonly map: Map<string, PdfObject> = new Map(),
    /**
     * Keys the source gave more than once (ISO 32000-1 §7.3.7 forbids it). Readers disagree on which
     * value wins (first, last, or a null meaning absent), so the parser records them as ambiguity.
     */
    readonly duplicateKeys?: readonly string[],
  ) {}
  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfObject): this {
    this.map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
}

export class PdfStream {
  /**
   * `data` is the raw (still encoded) content; `dataOffset` its position in the file when it was read
   * from one (-1 when built in memory).
   */
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
    readonly dataOffset = -1,
  ) {}
}

export type PdfArray = PdfObject[];

export type PdfObject =
  | null
  | boolean
  | number
  | PdfReal
  | PdfName
  | PdfString
  | PdfRef
  | PdfArray
  | PdfDict
  | PdfStream;

/** Whether a value, or any dictionary written directly inside it, gives a key twice. */
export function hasDuplicateKeys(o: PdfObject | undefined): boolean {
  const stack: (PdfObject | undefined)[] = [o];
  while (stack.length > 0) {
    const v = stack.pop();
    const d = v instanceof PdfStream ? v.dict : v;
    if (Array.isArray(d)) stack.push(...d);
    else if (d instanceof PdfDict) {
      if (d.duplicateKeys) return true;
      stack.push(...d.map.values());
    }
  }
  return false;
}

export function numberValue(o: PdfObject | undefined): number | undefined {
  if (typeof o === 'number') return o;
  if (o instanceof PdfReal) return o.value;
  return undefined;
}

export function nameValue(o: PdfObject | undefined): string | undefined {
  return o instanceof PdfName ? o.name : undefined;
}

export function isName(o: PdfObject | undefined, name: string): boolean {
  return o instanceof PdfName && o.name === name;
}

export function dict(entries: Record<string, PdfObject>): PdfDict {
  return new PdfDict(new Map(Object.entries(entries)));
}

export function name(n: string): PdfName {
  return PdfName.of(n);
}

/** A text string for a PDF: PDFDocEncoding-safe ASCII stays literal, anything else is UTF-16BE with a BOM. */
export function textString(s: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(Buffer.from(s, 'latin1'), false);
  const body = Buffer.from(s, 'utf16le').swap16();
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), body]), true);
}
