import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { DocsealError } from '../core/errors.js';
import { rateLimitHitModel, type RateLimitHitModel } from './models/rate-limit-hit.js';

/** A new store for one limiter; `name` keeps its counters apart from every other limiter's. */
export type RateLimitStoreFactory = (name: string) => Store;

const DUPLICATE_KEY = 11000;
/** Each failed claim means another request took the slot, so this many attempts outlast a burst of as many. */
const MAX_ATTEMPTS = 25;
const MAX_BACKOFF_MS = 10;
/** What a client refused because the counter is contended is told to wait (RFC 9110 §10.2.3), in seconds. */
const CONTENDED_RETRY_AFTER_SECONDS = 1;

const isDuplicateKey = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === DUPLICATE_KEY;

/**
 * express-rate-limit's counters in the database, so every instance of the service counts against the
 * same limit. Fixed windows of the limiter's `windowMs`. A hit is counted by inserting the document
 * for the next number in its window: FerretDB v1 applies `$inc` and upserts as a read followed by a
 * write (two concurrent increments lose one), but refuses a second insert of one `_id` on MongoDB and
 * FerretDB alike, so a hit either claims its number or reads again. At most `limit` hits are stored per
 * key and window: a request past the limit is answered from the count without writing. Expired
 * windows are never read (the window start is part of the query) and are deleted by a cleanup that
 * runs at most once per window per store, since FerretDB v1 has no TTL index.
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private limit = Number.POSITIVE_INFINITY;
  private nextSweep = 0;

  constructor(
    private readonly model: RateLimitHitModel,
    readonly prefix: string,
    private readonly now: () => number,
    private readonly onError: (e: unknown) => void,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    if (typeof options.limit === 'number') this.limit = options.limit;
  }

  async get(key: string): Promise<ClientRateLimitInfo> {
    const window = this.window();
    return { totalHits: await this.used(key, window.start), resetTime: window.end };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const window = this.window();
    this.sweepIfDue(window.start);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const used = await this.used(key, window.start);
      if (used >= this.limit) return { totalHits: used + 1, resetTime: window.end };
      if (await this.claim(key, window, used + 1)) return { totalHits: used + 1, resetTime: window.end };
      await sleep(Math.floor(Math.random() * MAX_BACKOFF_MS) + 1);
    }
    throw new DocsealError('busy', 'Too many requests are being counted at once; try again after the time in Retry-After.', {
      retryAfterSeconds: CONTENDED_RETRY_AFTER_SECONDS,
    });
  }

  /** Gives back the window's last hit (express-rate-limit's skip options; unused by our limiters). */
  async decrement(key: string): Promise<void> {
    await this.model.findOneAndDelete({ key: this.prefixed(key), windowStart: this.window().start }, { sort: { n: -1 } }).exec();
  }

  async resetKey(key: string): Promise<void> {
    await this.model.deleteMany({ key: this.prefixed(key) }).exec();
  }

  private prefixed(key: string): string {
    return `${this.prefix}:${key}`;
  }

  private window(): { start: Date; end: Date } {
    const now = this.now();
    const start = now - (now % this.windowMs);
    return { start: new Date(start), end: new Date(start + this.windowMs) };
  }

  /** The highest number claimed in the window: the hits so far (a decrement leaves no gap below it). */
  private async used(key: string, windowStart: Date): Promise<number> {
    const last = await this.model.findOne({ key: this.prefixed(key), windowStart }, { n: 1 }).sort({ n: -1 }).lean<{ n: number }>().exec();
    return last?.n ?? 0;
  }

  private async claim(key: string, window: { start: Date; end: Date }, n: number): Promise<boolean> {
    const prefixed = this.prefixed(key);
    try {
      await this.model.create({ _id: `${prefixed}@${window.start.getTime()}#${n}`, key: prefixed, windowStart: window.start, n, expiresAt: window.end });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /** Deletes every limiter's ended windows; not awaited, so no request waits for it. */
  private sweepIfDue(windowStart: Date): void {
    if (windowStart.getTime() < this.nextSweep) return;
    this.nextSweep = windowStart.getTime() + this.windowMs;
    this.model.deleteMany({ expiresAt: { $lte: windowStart } }).exec().then(() => undefined, this.onError);
  }
}

/**
 * A factory of stores on one connection, once the collection's indexes exist. `now` is the real clock
 * by default: express-rate-limit computes Retry-After and the RateLimit headers from `Date.now()`.
 */
export async function openRateLimitStores(
  conn: Connection,
  opts: { readonly now?: () => number; readonly onError: (e: unknown) => void },
): Promise<RateLimitStoreFactory> {
  const model = rateLimitHitModel(conn);
  await model.init();
  const now = opts.now ?? Date.now;
  return (name) => new MongoRateLimitStore(model, name, now, opts.onError);
}
