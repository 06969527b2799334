import type { Connection } from 'mongoose';
import { apiKeyModel, type ApiKeyModel, type ApiKeyRecord } from './models/api-key.js';

export interface ApiKeyRepository {
  /** Fails with a duplicate-key error (code 11000) when `keyId` exists, which the caller retries. */
  insert(record: ApiKeyRecord): Promise<void>;
  findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined>;
  touch(keyId: string, at: Date): Promise<void>;
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
}

/** Waits for the unique index on keyId: without it a duplicate keyId would not be refused. */
export async function openApiKeyRepository(conn: Connection): Promise<ApiKeyRepository> {
  const model = apiKeyModel(conn);
  await model.init();
  return new MongooseApiKeyRepository(model);
}
