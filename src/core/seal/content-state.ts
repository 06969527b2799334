import { PdfString, nameValue, numberValue, type PdfObject } from '../pdf/objects.js';
import { BoxCollector } from './box-collector.js';
import type { XObjectInfo } from './content-types.js';
import { IDENTITY, multiply, transformBox, translate, type Matrix } from './content-matrix.js';

/** Advance per byte of a shown string, in em: generous for Latin 1-byte fonts (Helvetica averages ~0.5). */
const ADVANCE_EM = 0.6;
/** Glyph extent below and above the baseline, in em: descenders and ascenders of common fonts. */
const DESCENT_EM = -0.25;
const ASCENT_EM = 1.0;
/** Deeper q nesting is counted but not saved, so Q still pairs with its q (viewers bound it too). */
const MAX_STACK = 1_000;

/** §9.3 Table 104: the text state parameters, saved and restored with the graphics state (§8.4.1). */
type TextParams = { tc: number; tw: number; th: number; tl: number; fs: number; rise: number };
type GState = { ctm: Matrix; text: TextParams };

/**
 * The part of the graphics state (§8.4) and text object state (§9.4.2) that decides where text and
 * images land, with the operators that change it. Paths are ignored: a white background rectangle
 * would otherwise make every page look full.
 */
export class ContentState {
  readonly out = new BoxCollector();
  private gs: GState = { ctm: IDENTITY, text: { tc: 0, tw: 0, th: 1, tl: 0, fs: 0, rise: 0 } };
  private readonly stack: GState[] = [];
  private unsaved = 0;
  private tm: Matrix = IDENTITY;
  private tlm: Matrix = IDENTITY;

  constructor(private readonly xobject: (name: string) => XObjectInfo | undefined) {}

  apply(op: string, args: PdfObject[]): void {
    const n = (i: number): number => numberValue(args[args.length - i]) ?? 0;
    const t = this.gs.text;
    switch (op) {
      case 'q': return this.save();
      case 'Q': return this.restore();
      case 'cm': this.gs.ctm = multiply([n(6), n(5), n(4), n(3), n(2), n(1)], this.gs.ctm); return;
      case 'BT': this.tm = this.tlm = IDENTITY; return;
      case 'Tm': this.tm = this.tlm = [n(6), n(5), n(4), n(3), n(2), n(1)]; return;
      case 'Td': return this.moveLine(n(2), n(1));
      case 'TD': t.tl = -n(1); return this.moveLine(n(2), n(1));
      case 'T*': return this.moveLine(0, -t.tl);
      case 'TL': t.tl = n(1); return;
      case 'Tc': t.tc = n(1); return;
      case 'Tw': t.tw = n(1); return;
      case 'Tz': t.th = n(1) / 100; return;
      case 'Ts': t.rise = n(1); return;
      case 'Tf': t.fs = n(1); return;
      case 'Tj': return this.show(args.slice(-1));
      case "'": this.moveLine(0, -t.tl); return this.show(args.slice(-1));
      case '"': t.tw = n(3); t.tc = n(2); this.moveLine(0, -t.tl); return this.show(args.slice(-1));
      case 'TJ': { const a = args[args.length - 1]; return this.show(Array.isArray(a) ? a : []); }
      case 'Do': return this.paintXObject(nameValue(args[args.length - 1]));
      // §8.7.4.3: `sh` fills the clipping region, which we do not track.
      case 'sh': this.out.complete = false; return;
      default: return;
    }
  }

  /** An inline image (§8.9.7) paints the unit square under the CTM, like an image XObject. */
  inlineImage(): void {
    this.out.add(transformBox(0, 0, 1, 1, this.gs.ctm));
  }

  private save(): void {
    if (this.stack.length >= MAX_STACK) this.unsaved++;
    else this.stack.push({ ctm: this.gs.ctm, text: { ...this.gs.text } });
  }

  private restore(): void {
    if (this.unsaved > 0) this.unsaved--;
    else this.gs = this.stack.pop() ?? this.gs;
  }

  /** §9.4.2 Table 108: Td moves to the start of the next line, offset from the start of the current one. */
  private moveLine(tx: number, ty: number): void {
    this.tm = this.tlm = multiply(translate(tx, ty), this.tlm);
  }

  /**
   * §9.4.4: each glyph advances tx = ((w0 − Tj/1000)·Tfs + Tc + Tw)·Th, with w0 estimated; the glyphs
   * occupy [DESCENT, ASCENT]·Tfs + Trise vertically; text space goes to user space through Tm × CTM.
   */
  private show(items: PdfObject[]): void {
    const t = this.gs.text;
    let x = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const item of items) {
      if (item instanceof PdfString) {
        const start = x;
        for (const byte of item.bytes) x += (ADVANCE_EM * t.fs + t.tc + (byte === 0x20 ? t.tw : 0)) * t.th;
        if (item.bytes.length > 0) {
          lo = Math.min(lo, start, x);
          hi = Math.max(hi, start, x);
        }
      } else {
        x -= ((numberValue(item) ?? 0) / 1000) * t.fs * t.th;
      }
    }
    if (lo <= hi) {
      const m = multiply(this.tm, this.gs.ctm);
      this.out.add(transformBox(lo, DESCENT_EM * t.fs + t.rise, hi, ASCENT_EM * t.fs + t.rise, m));
    }
    this.tm = multiply(translate(x, 0), this.tm);
  }

  private paintXObject(name: string | undefined): void {
    const info = name === undefined ? undefined : this.xobject(name);
    if (info === undefined) {
      this.out.complete = false;
    } else if (info.subtype === 'Image') {
      // §8.9.5: an image occupies the unit square of user space under the CTM.
      this.out.add(transformBox(0, 0, 1, 1, this.gs.ctm));
    } else if (info.subtype === 'Form') {
      // §8.10.1: the form's content is clipped to its BBox in form space, mapped by Matrix then the CTM.
      const m = multiply(info.matrix ?? IDENTITY, this.gs.ctm);
      const [x0, y0, x1, y1] = info.bbox;
      this.out.add(transformBox(x0, y0, x1, y1, m));
    }
  }
}
