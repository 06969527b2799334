import type { Connection } from 'mongoose';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { databaseUnavailable, databaseUnavailableError } from './database-errors.js';
import { DocsealError } from '../core/errors.js';
import { rateLimitHitModel, type RateLimitHitModel } from './models/rate-limit-hit.js';

/** A new store for one limiter; `name` keeps its counters apart from every other limiter's. */
export type RateLimitStoreFactory = (name: string) => Store;

const DUPLICATE_KEY = 11000;
/**
 * How long one hit may keep losing its claim to others before it is refused. A lost claim means
 * another request counted, so the next number is tried at once: a burst of one key's requests settles
 * in as many inserts, and only a count that cannot settle within this time is refused.
 */
const CONTENTION_BUDGET_MS = 2_000;
/** What a client refused because the counter is contended or unreachable is told to wait (RFC 9110 §10.2.3), in seconds. */
const RETRY_AFTER_SECONDS = 1;
/** How long after the database failed to answer hits are refused without asking it again. */
const FAIL_FAST_MS = 1_000;
/** Lost claims in a row after which the count is read again instead of trying the next number. */
const RE_READ_AFTER = 4;
/** Keys whose position this process remembers, so a hit on a known key costs one insert and no read. */
const MAX_CACHED_KEYS = 10_000;

const isDuplicateKey = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === DUPLICATE_KEY;

/** Where a key stands: the window the next hit falls in, and the hits it holds so far. */
type Position = { readonly window: number; readonly start: Date; readonly end: Date; readonly used: number };

/**
 * express-rate-limit's counters in the database, so every instance of the service counts against the
 * same limit. Fixed windows of the limiter's `windowMs`, each starting at its key's first hit (as
 * express-rate-limit's memory store does, so no instant resets every key at once). A hit is counted by
 * inserting the document for the next number in its window: FerretDB v1 applies `$inc` and upserts as
 * a read followed by a write (two concurrent increments lose one), but refuses a second insert of one
 * `_id` on MongoDB and FerretDB alike, so a hit either claims its number or tries the next; two instances
 * opening a key's next window claim its first number the same way. At most `limit` hits are stored per
 * key and window: a request past the limit is answered from the count without writing. An ended
 * window counts for nothing (its end is checked on read) and is deleted by a cleanup that runs at most
 * once per `windowMs` per store, since FerretDB v1 has no TTL index. (A hit that reads an idle key's
 * ended window just before the cleanup deletes it, beside one that reads after, opens a second window
 * the first one hides: at worst that key's count restarts once, early.)
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private limit = Number.POSITIVE_INFINITY;
  private nextSweep = 0;
  private readonly seen = new Map<string, Position>();
  private readonly turns = new Map<string, Promise<void>>();
  /** Until when hits are refused without asking the database, which just failed to answer. */
  private unavailableUntil = 0;

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

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const at = await this.asRefusal(() => this.position(key, this.now()));
    return at.used === 0 ? undefined : { totalHits: at.used, resetTime: at.end };
  }

  /**
   * Counts one hit. A database that does not answer refuses the request (503) rather than letting it
   * through uncounted or answering 500: the limit is part of the service's contract.
   */
  async increment(key: string): Promise<ClientRateLimitInfo> {
    return this.inTurn(key, () => this.asRefusal(() => this.count(key)));
  }

  /**
   * A database that does not answer is 503 `database_unavailable` (any other failure to count, 503
   * `busy`), never a hit let through uncounted. Hits queued behind one that met an unreachable
   * database are refused at once for a moment: each would otherwise wait out the driver's timeouts in
   * turn, and the last of a burst far longer than a request may wait.
   */
  private async asRefusal<T>(work: () => Promise<T>): Promise<T> {
    if (this.now() < this.unavailableUntil) throw databaseUnavailableError();
    try {
      return await work();
    } catch (e) {
      if (e instanceof DocsealError) throw e;
      const unavailable = databaseUnavailable(e);
      if (unavailable) {
        this.unavailableUntil = this.now() + FAIL_FAST_MS;
        throw unavailable;
      }
      throw busy('The request could not be counted against its rate limit now; try again after the time in Retry-After.');
    }
  }

  /**
   * One key's hits in this process are counted one after another: a burst then costs one insert per
   * hit (each claims the number after the last), where racing each other would cost a claim per pair.
   * Only other instances still contend, one hit each at a time.
   */
  private async inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(() => undefined, () => undefined);
    this.turns.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    }
  }

  private async count(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    this.sweepIfDue(now);
    const deadline = now + CONTENTION_BUDGET_MS;
    let at = this.remembered(key, now) ?? (await this.position(key, now));
    for (let lost = 0; ; lost++) {
      if (at.used >= this.limit) return this.remember(key, at, { totalHits: at.used + 1, resetTime: at.end });
      if (await this.claim(key, at)) return this.remember(key, { ...at, used: at.used + 1 }, { totalHits: at.used + 1, resetTime: at.end });
      // Someone counted the hit this one wanted: it is at least one further on. After a few in a row
      // (other instances counted since this one last looked), reading the count is cheaper than walking.
      if (this.now() > deadline) throw busy('Too many requests are being counted at once; try again after the time in Retry-After.');
      at = lost % RE_READ_AFTER === RE_READ_AFTER - 1 ? await this.position(key, now) : { ...at, used: at.used + 1 };
    }
  }

  /** A live window's position as this process last saw it; a count only grows, so it is a lower bound. */
  private remembered(key: string, now: number): Position | undefined {
    const at = this.seen.get(key);
    return at !== undefined && at.end.getTime() > now ? at : undefined;
  }

  private remember(key: string, at: Position, info: ClientRateLimitInfo): ClientRateLimitInfo {
    this.seen.delete(key);
    if (this.seen.size >= MAX_CACHED_KEYS) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, at);
    return info;
  }

  /** Gives back the live window's last hit (express-rate-limit's skip options; our limiters use none). */
  async decrement(key: string): Promise<void> {
    this.seen.delete(key);
    await this.model.findOneAndDelete({ key: this.prefixed(key), expiresAt: { $gt: new Date(this.now()) } }, { sort: { window: -1, n: -1 } }).exec();
  }

  async resetKey(key: string): Promise<void> {
    this.seen.delete(key);
    await this.model.deleteMany({ key: this.prefixed(key) }).exec();
  }

  private prefixed(key: string): string {
    return `${this.prefix}:${key}`;
  }

  /** The key's last hit decides: its window while that lasts (hits so far: its number), else the next. */
  private async position(key: string, now: number): Promise<Position> {
    const last = await this.model
      .findOne({ key: this.prefixed(key) }, { window: 1, windowStart: 1, n: 1, expiresAt: 1 })
      .sort({ window: -1, n: -1 })
      .lean<{ window: number; windowStart: Date; n: number; expiresAt: Date }>()
      .exec();
    if (last && last.expiresAt.getTime() > now) return { window: last.window, start: last.windowStart, end: last.expiresAt, used: last.n };
    return { window: (last?.window ?? 0) + 1, start: new Date(now), end: new Date(now + this.windowMs), used: 0 };
  }

  private async claim(key: string, at: Position): Promise<boolean> {
    const prefixed = this.prefixed(key);
    const n = at.used + 1;
    try {
      await this.model.create({ _id: `${prefixed}#${at.window}#${n}`, key: prefixed, window: at.window, windowStart: at.start, n, expiresAt: at.end });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /** Deletes every limiter's ended windows; not awaited, so no request waits for it. */
  private sweepIfDue(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowMs;
    this.model.deleteMany({ expiresAt: { $lte: new Date(now) } }).exec().then(() => undefined, this.onError);
  }
}

function busy(message: string): DocsealError {
  return new DocsealError('busy', message, { retryAfterSeconds: RETRY_AFTER_SECONDS });
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
