import { Schema, type Connection, type Model } from 'mongoose';

/**
 * An applicant download link. Only the SHA-256 of its token is stored: the token carries 256 random
 * bits, so a fast hash is enough, and a copy of the database does not yield working links.
 */
export type ApplicantLinkRecord = {
  /** Hex SHA-256 of the token (the base64url string as sent in the URL). */
  readonly tokenHash: string;
  readonly documentId: string;
  readonly department: string;
  /** Checked when the link is used: FerretDB v1 rejects TTL indexes. */
  readonly expiresAt?: Date;
  readonly maxDownloads?: number;
  /** Downloads claimed so far, for operators; the claims collection is what enforces the limit. */
  readonly downloads: number;
  readonly createdAt: Date;
};

const applicantLinkSchema = new Schema<ApplicantLinkRecord>(
  {
    tokenHash: { type: String, required: true, unique: true },
    documentId: { type: String, required: true, index: true },
    department: { type: String, required: true },
    expiresAt: Date,
    maxDownloads: Number,
    downloads: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'applicant_links', versionKey: false, strict: 'throw' },
);

export type ApplicantLinkModel = Model<ApplicantLinkRecord>;

export function applicantLinkModel(conn: Connection): ApplicantLinkModel {
  return (conn.models.ApplicantLink as ApplicantLinkModel | undefined) ?? conn.model<ApplicantLinkRecord>('ApplicantLink', applicantLinkSchema);
}
