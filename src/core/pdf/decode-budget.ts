import { DocsealError } from '../errors.js';

/**
 * The decoded bytes one job (one verification, one signing) may produce, summed over every stream it
 * inflates: content, object and cross-reference streams, and every re-decode of the same one. Decoded
 * Buffers live outside the V8 heap, so a worker's heap cap does not bound them; this does.
 *
 * Invariant: `spent <= limit`. A decode is given at most what is left before it starts, so no Buffer
 * past the budget is ever allocated. Once a decode is refused the budget stays overrun: callers that
 * swallow errors to judge what they can still read cannot turn an exhausted budget into a verdict,
 * because the job checks `assertWithin()` before it answers.
 */
export class DecodeBudget {
  private spent = 0;
  private overrun = false;

  constructor(readonly limit: number) {
    if (!(Number.isSafeInteger(limit) && limit > 0)) throw new RangeError('A decode budget must be a positive integer.');
  }

  get used(): number {
    return this.spent;
  }

  get remaining(): number {
    return this.limit - this.spent;
  }

  get exceeded(): boolean {
    return this.overrun;
  }

  /** Records `bytes` just decoded; refuses (and stays overrun) when they do not fit. */
  charge(bytes: number): void {
    if (this.overrun || bytes > this.remaining) this.refuse();
    this.spent += bytes;
  }

  /** Marks the budget overrun and throws; a decode that would not fit in `remaining` calls it. */
  refuse(): never {
    this.overrun = true;
    throw budgetExceeded(this.limit);
  }

  /** Throws when any decode of this job was refused, even if the refusal was caught on the way. */
  assertWithin(): void {
    if (this.overrun) throw budgetExceeded(this.limit);
  }
}

function budgetExceeded(limit: number): DocsealError {
  return new DocsealError('limit_exceeded', 'The decoded streams of this file exceed the memory allowed for one document.', {
    maxDecodedBytes: limit,
  });
}
