import type { Connection } from 'mongoose';
import { documentModel, isExpired, ownerOf, type DocumentModel, type DocumentRecord } from './models/document.js';
import { revocationModel, type RevocationModel } from './models/revocation.js';

/**
 * The document records. Every read leaves out records past their `expiresAt` (FerretDB v1 has no TTL
 * index, so expiry is checked here, at read time); `expired` and `delete` serve the cleanup.
 */
export interface DocumentRepository {
  /** Inserts a new record; call only once its blob is stored (a record must never point at nothing). */
  insert(record: DocumentRecord): Promise<DocumentRecord>;
  /**
   * The record when it exists and `department` owns it (issued it, or requested the report it is);
   * another department's record is not found.
   */
  findOwned(id: string, department: string): Promise<DocumentRecord | undefined>;
  /** Any department's record: for the public page, which shows what the seal already printed. */
  findById(id: string): Promise<DocumentRecord | undefined>;
  /** Records whose original or signed SHA-256 (lowercase hex) is one of `hashes`. */
  findByHashes(hashes: readonly string[]): Promise<DocumentRecord[]>;
  /**
   * Records whose signature covered bytes with one of these SHA-256 hashes (lowercase hex). Records made
   * before it was recorded have none and are never found here.
   */
  findBySignedRanges(hashes: readonly string[]): Promise<DocumentRecord[]>;
  /**
   * Marks the document `department` issued revoked (a report's requester does not issue it: only its
   * signer could). Idempotent: revoking a revoked document changes nothing and keeps the first reason
   * and time; `first` tells the call that revoked it from later ones. Undefined when the department
   * issued no such document.
   */
  revoke(id: string, department: string, reason: string, at: Date): Promise<{ record: DocumentRecord; first: boolean } | undefined>;
  /** Up to `limit` records whose retention ended at or before `now`. */
  expired(now: Date, limit: number): Promise<DocumentRecord[]>;
  /** Deletes the record; deleting one that is gone is not an error. */
  delete(id: string): Promise<void>;
}

/** More matches than this for a handful of hashes means something is wrong; the lookup stays bounded. */
const MAX_HASH_MATCHES = 100;

class MongooseDocumentRepository implements DocumentRepository {
  constructor(
    private readonly model: DocumentModel,
    private readonly revocations: RevocationModel,
    private readonly clock: () => Date,
  ) {}

  /**
   * Records within retention, as a query: the lookups' cap is applied after it, so records past
   * retention that the cleanup has not deleted yet never take the places of live ones.
   */
  private unexpired() {
    return { $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: this.clock() } }] };
  }

  private live(record: DocumentRecord | null): DocumentRecord | undefined {
    return record && !isExpired(record, this.clock()) ? record : undefined;
  }

  async insert(record: DocumentRecord): Promise<DocumentRecord> {
    const created = await this.model.create(record);
    return created.toObject() as DocumentRecord;
  }

  async findOwned(id: string, department: string): Promise<DocumentRecord | undefined> {
    const found = await this.findById(id);
    return found && ownerOf(found) === department ? found : undefined;
  }

  async findById(id: string): Promise<DocumentRecord | undefined> {
    return this.live(await this.model.findOne({ _id: id }).lean<DocumentRecord>().exec());
  }

  private async findIssued(id: string, department: string): Promise<DocumentRecord | undefined> {
    return this.live(await this.model.findOne({ _id: id, department }).lean<DocumentRecord>().exec());
  }

  async findByHashes(hashes: readonly string[]): Promise<DocumentRecord[]> {
    if (hashes.length === 0) return [];
    const unique = [...new Set(hashes)];
    const filter = { $and: [{ $or: [{ sha256Original: { $in: unique } }, { sha256Signed: { $in: unique } }] }, this.unexpired()] };
    return this.model.find(filter).sort({ createdAt: 1, _id: 1 }).limit(MAX_HASH_MATCHES).lean<DocumentRecord[]>().exec();
  }

  async expired(now: Date, limit: number): Promise<DocumentRecord[]> {
    return this.model.find({ expiresAt: { $lte: now } }).sort({ expiresAt: 1, _id: 1 }).limit(limit).lean<DocumentRecord[]>().exec();
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  async findBySignedRanges(hashes: readonly string[]): Promise<DocumentRecord[]> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return [];
    // A file may carry many signatures: the list is bounded like the matches (MAX_HASH_MATCHES).
    const filter = { $and: [{ sha256SignedRange: { $in: unique.slice(0, MAX_HASH_MATCHES) } }, this.unexpired()] };
    return this.model.find(filter).sort({ createdAt: 1, _id: 1 }).limit(MAX_HASH_MATCHES).lean<DocumentRecord[]>().exec();
  }

  async revoke(id: string, department: string, reason: string, at: Date): Promise<{ record: DocumentRecord; first: boolean } | undefined> {
    if (!(await this.findIssued(id, department))) return undefined;
    let first = true;
    try {
      await this.revocations.create({ _id: id, department, reason, at });
    } catch (e) {
      if ((e as { code?: unknown }).code !== 11000) throw e;
      first = false;
    }
    // Whoever won, the record is set from the one revocation row: a retry after a crash between the two
    // writes completes the record, and concurrent callers all converge on the first reason and time.
    const won = await this.revocations.findById(id).lean().exec();
    if (!won) return undefined;
    await this.model.updateOne({ _id: id }, { $set: { status: 'revoked', revocationReason: won.reason, revokedAt: won.at } }).exec();
    const record = await this.findIssued(id, department);
    return record ? { record, first } : undefined;
  }
}

/**
 * Builds the repository once its indexes exist, so a first insert never races index creation.
 * `clock` decides which records have expired.
 */
export async function openDocumentRepository(conn: Connection, clock: () => Date = () => new Date()): Promise<DocumentRepository> {
  const model = documentModel(conn);
  const revocations = revocationModel(conn);
  await Promise.all([model.init(), revocations.init()]);
  return new MongooseDocumentRepository(model, revocations, clock);
}
