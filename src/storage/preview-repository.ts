import type { Connection } from 'mongoose';
import { previewModel, type PreviewModel, type PreviewRecord } from './models/preview.js';

export interface PreviewRepository {
  findById(documentId: string): Promise<PreviewRecord | undefined>;
  /**
   * Inserts the record unless one exists for the document already; call only once its blob is stored.
   * Answers the record that is stored, and whether it is this one (else the caller's blob is spare).
   */
  insertFirst(record: PreviewRecord): Promise<{ record: PreviewRecord; inserted: boolean }>;
}

class MongoosePreviewRepository implements PreviewRepository {
  constructor(private readonly model: PreviewModel) {}

  async findById(documentId: string): Promise<PreviewRecord | undefined> {
    return (await this.model.findOne({ _id: documentId }).lean<PreviewRecord>().exec()) ?? undefined;
  }

  async insertFirst(record: PreviewRecord): Promise<{ record: PreviewRecord; inserted: boolean }> {
    try {
      await this.model.create(record);
      return { record, inserted: true };
    } catch (e) {
      if ((e as { code?: unknown }).code !== 11000) throw e;
      const stored = await this.findById(record._id);
      if (!stored) throw e;
      return { record: stored, inserted: false };
    }
  }
}

export async function openPreviewRepository(conn: Connection): Promise<PreviewRepository> {
  const model = previewModel(conn);
  await model.init();
  return new MongoosePreviewRepository(model);
}
