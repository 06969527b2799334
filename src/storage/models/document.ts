import { Schema, type Connection, type Model, type mongo } from 'mongoose';

type ObjectId = mongo.ObjectId;

export type DocumentStatus = 'active' | 'revoked';

/** One signed document. `_id` is the opaque public id that appears in the seal and in URLs. */
export type DocumentRecord = {
  readonly _id: string;
  readonly department: string;
  readonly title?: string;
  readonly applicantRef?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly sha256Original: string;
  readonly sha256Signed: string;
  /**
   * SHA-256 (hex) of the bytes our signature's /ByteRange covers (SignResult): what it signed. The
   * verifier matches a signature to this record by it, so nothing written into the unsigned /Contents
   * gap (a re-spelling, a malleable ECDSA value, padding; any of them changes sha256Signed) hides the
   * record. Absent on records made before it was recorded: those match by their hashes only.
   */
  readonly sha256SignedRange?: string;
  /** The signed PDF in the blob store (GridFS). */
  readonly fileId: ObjectId;
  readonly size: number;
  readonly status: DocumentStatus;
  /** Set once, by the first revocation; a later revoke keeps it. */
  readonly revocationReason?: string;
  readonly revokedAt?: Date;
  readonly createdAt: Date;
  /** The signing time written to /M and printed on the seal. */
  readonly signedAt: Date;
  readonly fieldName: string;
  readonly page: number;
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
  /**
   * A verification report the service signed at a department's request: that department. It owns the
   * record (reads it, downloads it, sees its audit events); `department` stays the signer, `service`.
   */
  readonly requestedBy?: string;
  /** End of the retention period: from then on the record is not found, and the cleanup deletes it. */
  readonly expiresAt?: Date;
};

/** The department that may read the record: the requester of a filed report, else the issuer. */
export const ownerOf = (record: DocumentRecord): string => record.requestedBy ?? record.department;

export const isExpired = (record: DocumentRecord, now: Date): boolean =>
  record.expiresAt !== undefined && record.expiresAt.getTime() <= now.getTime();

const warningSchema = new Schema({ code: { type: String, required: true }, message: { type: String, required: true } }, { _id: false });

// Plain (non-unique, non-sparse) indexes only: FerretDB v1 ignores `sparse` and rejects partial indexes.
const documentSchema = new Schema<DocumentRecord>(
  {
    _id: { type: String, required: true },
    department: { type: String, required: true, index: true },
    title: String,
    applicantRef: String,
    reason: String,
    location: String,
    sha256Original: { type: String, required: true, index: true },
    sha256Signed: { type: String, required: true, index: true },
    sha256SignedRange: { type: String, index: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    size: { type: Number, required: true },
    status: { type: String, enum: ['active', 'revoked'], required: true, default: 'active' },
    revocationReason: String,
    revokedAt: Date,
    createdAt: { type: Date, required: true },
    signedAt: { type: Date, required: true },
    fieldName: { type: String, required: true },
    page: { type: Number, required: true },
    warnings: { type: [warningSchema], default: [] },
    requestedBy: { type: String, index: true },
    // Plain index, no TTL (`expires`): FerretDB v1 rejects TTL indexes, so expiry is checked on read.
    expiresAt: { type: Date, index: true },
  },
  { collection: 'documents', versionKey: false, strict: 'throw' },
);

export type DocumentModel = Model<DocumentRecord>;

/** Models are bound to a connection (not mongoose's global one) so tests and the CLI each use their own. */
export function documentModel(conn: Connection): DocumentModel {
  return (conn.models.Document as DocumentModel | undefined) ?? conn.model<DocumentRecord>('Document', documentSchema);
}
