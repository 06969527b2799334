import type { Connection } from 'mongoose';
import { documentModel, type DocumentModel, type DocumentRecord } from './models/document.js';

export interface DocumentRepository {
  /** Inserts a new record; call only once its blob is stored (a record must never point at nothing). */
  insert(record: DocumentRecord): Promise<DocumentRecord>;
  /** The record when it exists and belongs to `department`; another department's record is not found. */
  findOwned(id: string, department: string): Promise<DocumentRecord | undefined>;
}

class MongooseDocumentRepository implements DocumentRepository {
  constructor(private readonly model: DocumentModel) {}

  async insert(record: DocumentRecord): Promise<DocumentRecord> {
    const created = await this.model.create(record);
    return created.toObject() as DocumentRecord;
  }

  async findOwned(id: string, department: string): Promise<DocumentRecord | undefined> {
    const found = await this.model.findOne({ _id: id, department }).lean<DocumentRecord>().exec();
    return found ?? undefined;
  }
}

/** Builds the repository once its indexes exist, so a first insert never races index creation. */
export async function openDocumentRepository(conn: Connection): Promise<DocumentRepository> {
  const model = documentModel(conn);
  await model.init();
  return new MongooseDocumentRepository(model);
}
