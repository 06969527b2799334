import type { Connection } from 'mongoose';
import { apiKeyModel, type ApiKeyModel, type ApiKeyRecord } from './models/api-key.js';

export interface ApiKeyRepository {
  /** Fails with a duplicate-key error (code 11000) when `keyId` exists, which the caller retries. */
  insert(record: ApiKeyRecord): Promise<void>;
  findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined>;
  touch(keyId: string, at: Date): Promise<void>;
  /** The department's keys, oldest first, without their hashes. */
  listByDepartment(department: string): Promise<Omit<ApiKeyRecord, 'hash'>[]>;
  /** Sets revokedAt unless it is set; false when no unrevoked key has this id. */
  revoke(keyId: string, at: Date): Promise<boolean>;
}

class MongooseApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly model: ApiKeyModel) {}

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.model.create(record);
  }

  async findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined> {
    const found = await this.model.findOne({ keyId }).lean<ApiKeyRecord>().exec();
    return found ?? undefined;
  }

  async touch(keyId: string, at: Date): Promise<void> {
    await this.model.updateOne({ keyId }, { $set: { lastUsedAt: at } }).exec();
  }

  async listByDepartment(department: string): Promise<Omit<ApiKeyRecord, 'hash'>[]> {
    return this.model.find({ department }, { hash: 0, _id: 0 }).sort({ createdAt: 1 }).lean<Omit<ApiKeyRecord, 'hash'>[]>().exec();
  }

  async revoke(keyId: string, at: Date): Promise<boolean> {
    // One conditional update: two operators revoking at once record one revocation time.
    const result = await this.model.updateOne({ keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: at } }).exec();
    return result.modifiedCount === 1;
  }
}

/** Waits for the unique index on keyId: without it a duplicate keyId would not be refused. */
export async function openApiKeyRepository(conn: Connection): Promise<ApiKeyRepository> {
  const model = apiKeyModel(conn);
  await model.init();
  return new MongooseApiKeyRepository(model);
}
