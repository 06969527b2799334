import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One time-stamp token the built-in TSA issued. Its `_id` is the token's serial number in hex: the
 * primary key makes serial numbers unique across every instance of the service (RFC 3161 §2.4.2),
 * since two instances drawing the same random serial cannot both insert it.
 */
export type TimestampTokenRecord = {
  readonly _id: string;
  readonly genTime: Date;
  readonly policy: string;
  readonly hashAlgorithm: string;
  /** The hashed message the token binds, in hex. */
  readonly imprint: string;
  readonly nonce?: string;
};

const timestampTokenSchema = new Schema<TimestampTokenRecord>(
  {
    _id: { type: String, required: true },
    genTime: { type: Date, required: true },
    policy: { type: String, required: true },
    hashAlgorithm: { type: String, required: true },
    imprint: { type: String, required: true },
    nonce: { type: String, required: false },
  },
  { collection: 'timestamp_tokens', versionKey: false, strict: 'throw' },
);

export type TimestampTokenModel = Model<TimestampTokenRecord>;

export function timestampTokenModel(conn: Connection): TimestampTokenModel {
  return (conn.models.TimestampToken as TimestampTokenModel | undefined) ?? conn.model<TimestampTokenRecord>('TimestampToken', timestampTokenSchema);
}
