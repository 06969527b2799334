import { Schema, type Connection, type Model } from 'mongoose';

/** The one revocation of a document: its `_id` is the document's id, so a second insert fails. */
export type RevocationRecord = {
  readonly _id: string;
  readonly department: string;
  readonly reason: string;
  readonly at: Date;
};

// The primary key decides which of two concurrent revocations wins: findOneAndUpdate with a status
// condition is read-then-write on FerretDB v1 and lets both through.
const revocationSchema = new Schema<RevocationRecord>(
  {
    _id: { type: String, required: true },
    department: { type: String, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'revocations', versionKey: false, strict: 'throw' },
);

export type RevocationModel = Model<RevocationRecord>;

export function revocationModel(conn: Connection): RevocationModel {
  return (conn.models.Revocation as RevocationModel | undefined) ?? conn.model<RevocationRecord>('Revocation', revocationSchema);
}
