import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One request counted against a rate limit: the `n`th hit of `key` in its `window`th window (numbered
 * from 1 per key), which started at `windowStart`. `_id` spells key, window and n, so two instances
 * that count the same hit at once collide on the primary key and one of them counts the next one
 * instead (see rate-limit-store.ts).
 */
export type RateLimitHit = {
  readonly _id: string;
  readonly key: string;
  readonly window: number;
  readonly windowStart: Date;
  readonly n: number;
  /** The window's end: the hit counts for nothing after it, and the cleanup deletes it. */
  readonly expiresAt: Date;
};

// Plain indexes, no TTL (`expires`): FerretDB v1 rejects TTL indexes, so expiry is a cleanup's job.
const rateLimitHitSchema = new Schema<RateLimitHit>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    window: { type: Number, required: true },
    windowStart: { type: Date, required: true },
    n: { type: Number, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { collection: 'rate_limit_hits', versionKey: false, strict: 'throw' },
);
rateLimitHitSchema.index({ key: 1, window: -1, n: -1 });

export type RateLimitHitModel = Model<RateLimitHit>;

export function rateLimitHitModel(conn: Connection): RateLimitHitModel {
  return (conn.models.RateLimitHit as RateLimitHitModel | undefined) ?? conn.model<RateLimitHit>('RateLimitHit', rateLimitHitSchema);
}
