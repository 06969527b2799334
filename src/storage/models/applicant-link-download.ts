import { Schema, type Connection, type Model } from 'mongoose';

/** Download number `n` (1, 2, …) of a link, claimed by inserting this row. */
export type ApplicantLinkDownloadRecord = {
  readonly tokenHash: string;
  readonly n: number;
  readonly at: Date;
};

// The unique index is what makes a claim exclusive: two requests that both read "n - 1 claimed" cannot
// both insert n. Neither a transaction nor an atomic $inc is relied on (FerretDB v1 has neither).
const applicantLinkDownloadSchema = new Schema<ApplicantLinkDownloadRecord>(
  {
    tokenHash: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'applicant_link_downloads', versionKey: false, strict: 'throw' },
);
applicantLinkDownloadSchema.index({ tokenHash: 1, n: 1 }, { unique: true });

export type ApplicantLinkDownloadModel = Model<ApplicantLinkDownloadRecord>;

export function applicantLinkDownloadModel(conn: Connection): ApplicantLinkDownloadModel {
  return (
    (conn.models.ApplicantLinkDownload as ApplicantLinkDownloadModel | undefined) ??
    conn.model<ApplicantLinkDownloadRecord>('ApplicantLinkDownload', applicantLinkDownloadSchema)
  );
}
