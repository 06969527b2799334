import type { Connection } from 'mongoose';
import { timestampTokenModel, type TimestampTokenModel, type TimestampTokenRecord } from './models/timestamp-token.js';

export interface TimestampTokenRepository {
  /** Records a token's serial number; false when that serial is taken already. */
  claimSerial(record: TimestampTokenRecord): Promise<boolean>;
  findBySerial(serialHex: string): Promise<TimestampTokenRecord | undefined>;
}

class MongooseTimestampTokenRepository implements TimestampTokenRepository {
  constructor(private readonly model: TimestampTokenModel) {}

  async claimSerial(record: TimestampTokenRecord): Promise<boolean> {
    try {
      await this.model.create(record);
      return true;
    } catch (e) {
      if ((e as { code?: unknown }).code === 11000) return false;
      throw e;
    }
  }

  async findBySerial(serialHex: string): Promise<TimestampTokenRecord | undefined> {
    return (await this.model.findOne({ _id: serialHex }).lean<TimestampTokenRecord>().exec()) ?? undefined;
  }
}

export async function openTimestampTokenRepository(conn: Connection): Promise<TimestampTokenRepository> {
  const model = timestampTokenModel(conn);
  await model.init();
  return new MongooseTimestampTokenRepository(model);
}
