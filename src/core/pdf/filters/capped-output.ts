import { DocsealError } from '../../errors.js';
import type { DecodeBudget } from '../decode-budget.js';

/** What one filter may produce: at most `maxBytes` for the stream, and no more than the job's budget leaves. */
export type DecodeCap = { readonly maxBytes: number; readonly budget: DecodeBudget };

/**
 * The output of one decoding filter, grown as it is written and never past what the caps leave when the
 * filter starts, so an expanding filter (LZW, RunLength) stops at the first byte over the bound instead of
 * building a bomb's output first. `finish` charges what was written to the job's budget.
 */
export class CappedOutput {
  private buf: Buffer;
  private len = 0;
  private readonly allowed: number;

  constructor(private readonly cap: DecodeCap, sizeHint: number) {
    cap.budget.assertWithin();
    this.allowed = Math.max(0, Math.min(cap.maxBytes, cap.budget.remaining));
    this.buf = Buffer.alloc(Math.min(this.allowed, Math.max(1024, sizeHint)));
  }

  get length(): number {
    return this.len;
  }

  /** A byte already written. */
  at(i: number): number {
    return this.buf[i]!;
  }

  byte(b: number): void {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }

  repeat(b: number, count: number): void {
    this.ensure(count);
    this.buf.fill(b, this.len, this.len + count);
    this.len += count;
  }

  copy(src: Uint8Array, start: number, end: number): void {
    this.ensure(end - start);
    this.buf.set(src.subarray(start, end), this.len);
    this.len += end - start;
  }

  /** Copies `count` bytes already written, starting at `from` (LZW writes a known string again). */
  copyWithin(from: number, count: number): void {
    this.ensure(count);
    this.buf.copyWithin(this.len, from, from + count);
    this.len += count;
  }

  finish(): Buffer {
    this.cap.budget.charge(this.len);
    return this.buf.subarray(0, this.len);
  }

  private ensure(count: number): void {
    if (this.len + count > this.buf.length) this.grow(count);
  }

  /** Doubles the buffer up to `allowed`; past it, whichever cap binds names the refusal. */
  private grow(needed: number): void {
    if (this.len + needed > this.allowed) {
      if (this.allowed < this.cap.maxBytes) this.cap.budget.refuse();
      throw new DocsealError('limit_exceeded', 'A stream decodes beyond the allowed size.', { maxBytes: this.cap.maxBytes });
    }
    const next = Buffer.alloc(Math.min(this.allowed, Math.max(this.len + needed, this.buf.length * 2)));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Encoded data no conforming writer produces: the stream cannot be read, and the message says why. */
export function malformed(filter: string, what: string): DocsealError {
  return new DocsealError('corrupt_pdf', `A stream's ${filter} data is malformed: ${what}.`);
}
