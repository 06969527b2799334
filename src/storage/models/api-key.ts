import { Schema, type Connection, type Model } from 'mongoose';

/** An API key: only the SHA-256 of its secret is stored; `keyId` is the public part of the key. */
export type ApiKeyRecord = {
  readonly keyId: string;
  /** Hex SHA-256 of the secret. The secret carries 256 random bits, so a fast hash is enough (no KDF). */
  readonly hash: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt?: Date;
  readonly revokedAt?: Date;
};

// keyId is unique and always present; FerretDB v1 has no unique+sparse, and none is needed.
const apiKeySchema = new Schema<ApiKeyRecord>(
  {
    keyId: { type: String, required: true, unique: true },
    hash: { type: String, required: true },
    department: { type: String, required: true, index: true },
    roles: { type: [String], required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
    revokedAt: Date,
  },
  { collection: 'api_keys', versionKey: false, strict: 'throw' },
);

export type ApiKeyModel = Model<ApiKeyRecord>;

export function apiKeyModel(conn: Connection): ApiKeyModel {
  return (conn.models.ApiKey as ApiKeyModel | undefined) ?? conn.model<ApiKeyRecord>('ApiKey', apiKeySchema);
}
