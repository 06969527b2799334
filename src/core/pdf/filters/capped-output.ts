import { DocsealError } from '../../errors.js';
import type { DecodeBudget } from '../decode-budget.js';

/** What one filter may produce: at most `maxBytes` for the stream, and no more than the job's budget leaves. */
export type DecodeCap = { readonly maxBytes: number; readonly budget: DecodeBudget };

const MAX_CHUNK = 4 * 1024 * 1024;

/**
 * The output of one decoding filter, written into chunks as it grows and never past what the caps
 * leave when the filter starts, so an expanding filter (LZW, RunLength) stops at the first byte over
 * the bound instead of building a bomb's output first. Chunks are never copied while writing (a
 * doubling buffer would leave each smaller copy behind as garbage the budget does not see); `finish`
 * joins them into one Buffer of the written size, as zlib does, and charges it to the job's budget.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private readonly starts: number[] = [];
  private cur: Buffer = Buffer.alloc(0);
  private curLen = 0;
  private total = 0;
  private readonly allowed: number;

  constructor(private readonly cap: DecodeCap, private readonly sizeHint: number) {
    cap.budget.assertWithin();
    this.allowed = Math.max(0, Math.min(cap.maxBytes, cap.budget.remaining));
  }

  get length(): number {
    return this.total;
  }

  /** A byte already written. */
  at(i: number): number {
    const k = this.chunkOf(i);
    return this.chunks[k]![i - this.starts[k]!]!;
  }

  byte(b: number): void {
    this.reserve(1);
    if (this.curLen === this.cur.length) this.nextChunk();
    this.cur[this.curLen++] = b;
    this.total++;
  }

  repeat(b: number, count: number): void {
    this.reserve(count);
    for (let left = count; left > 0; ) {
      const n = this.room(left);
      this.cur.fill(b, this.curLen, this.curLen + n);
      this.advance(n);
      left -= n;
    }
  }

  copy(src: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    for (let p = start; p < end; ) {
      const n = this.room(end - p);
      this.cur.set(src.subarray(p, p + n), this.curLen);
      this.advance(n);
      p += n;
    }
  }

  /** Copies `count` bytes already written, starting at `from` (LZW writes a known string again). */
  copyWithin(from: number, count: number): void {
    this.reserve(count);
    for (let p = from; p < from + count; ) {
      const k = this.chunkOf(p);
      const chunk = this.chunks[k]!;
      const off = p - this.starts[k]!;
      const n = Math.min(from + count - p, (k === this.chunks.length - 1 ? this.curLen : chunk.length) - off);
      this.copy(chunk, off, off + n);
      p += n;
    }
  }

  finish(): Buffer {
    this.cap.budget.charge(this.total);
    if (this.chunks.length === 1 && this.curLen === this.cur.length) return this.cur;
    const used = this.chunks.map((c, k) => (k === this.chunks.length - 1 ? c.subarray(0, this.curLen) : c));
    return Buffer.concat(used, this.total);
  }

  /** Past the bound, whichever cap binds names the refusal. */
  private reserve(count: number): void {
    if (this.total + count <= this.allowed) return;
    if (this.allowed < this.cap.maxBytes) this.cap.budget.refuse();
    throw new DocsealError('limit_exceeded', 'A stream decodes beyond the allowed size.', { maxBytes: this.cap.maxBytes });
  }

  /** How many of `wanted` bytes fit in the current chunk, starting a new one when it is full. */
  private room(wanted: number): number {
    if (this.curLen === this.cur.length) this.nextChunk();
    return Math.min(wanted, this.cur.length - this.curLen);
  }

  private advance(n: number): void {
    this.curLen += n;
    this.total += n;
  }

  /** The first chunk takes the filter's estimate; later ones double up to MAX_CHUNK; none passes `allowed`. */
  private nextChunk(): void {
    const wanted = this.chunks.length === 0 ? Math.max(1024, this.sizeHint) : Math.max(this.cur.length * 2, 1024);
    this.cur = Buffer.alloc(Math.min(this.allowed - this.total, MAX_CHUNK, wanted));
    this.chunks.push(this.cur);
    this.starts.push(this.total);
    this.curLen = 0;
  }

  private chunkOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Encoded data no conforming writer produces: the stream cannot be read, and the message says why. */
export function malformed(filter: string, what: string): DocsealError {
  return new DocsealError('corrupt_pdf', `A stream's ${filter} data is malformed: ${what}.`);
}
