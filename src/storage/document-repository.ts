import type { Connection } from 'mongoose';
import { documentModel, type DocumentModel, type DocumentRecord } from './models/document.js';

export interface DocumentRepository {
  /** Inserts a new record; call only once its blob is stored (a record must never point at nothing). */
  insert(record: DocumentRecord): Promise<DocumentRecord>;
  /** The record when it exists and belongs to `department`; another department's record is not found. */
  findOwned(id: string, department: string): Promise<DocumentRecord | undefined>;
  /** Any department's record: for the public page, which shows what the seal already printed. */
  findById(id: string): Promise<DocumentRecord | undefined>;
  /** Records whose original or signed SHA-256 (lowercase hex) is one of `hashes`. */
  findByHashes(hashes: readonly string[]): Promise<DocumentRecord[]>;
  /**
   * Marks the department's document revoked. Idempotent: revoking a revoked document changes nothing
   * and keeps the first reason and time. Undefined when the department has no such document.
   */
  revoke(id: string, department: string, reason: string, at: Date): Promise<DocumentRecord | undefined>;
}

/** More matches than this for a handful of hashes means something is wrong; the lookup stays bounded. */
const MAX_HASH_MATCHES = 100;

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

  async findById(id: string): Promise<DocumentRecord | undefined> {
    const found = await this.model.findOne({ _id: id }).lean<DocumentRecord>().exec();
    return found ?? undefined;
  }

  async findByHashes(hashes: readonly string[]): Promise<DocumentRecord[]> {
    if (hashes.length === 0) return [];
    const unique = [...new Set(hashes)];
    const filter = { $or: [{ sha256Original: { $in: unique } }, { sha256Signed: { $in: unique } }] };
    return this.model.find(filter).sort({ createdAt: 1, _id: 1 }).limit(MAX_HASH_MATCHES).lean<DocumentRecord[]>().exec();
  }

  async revoke(id: string, department: string, reason: string, at: Date): Promise<DocumentRecord | undefined> {
    // The status condition makes the first revocation win a race; the loser reads the winner's record.
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, department, status: 'active' },
        { $set: { status: 'revoked', revocationReason: reason, revokedAt: at } },
        { new: true },
      )
      .lean<DocumentRecord>()
      .exec();
    return updated ?? this.findOwned(id, department);
  }
}

/** Builds the repository once its indexes exist, so a first insert never races index creation. */
export async function openDocumentRepository(conn: Connection): Promise<DocumentRepository> {
  const model = documentModel(conn);
  await model.init();
  return new MongooseDocumentRepository(model);
}
