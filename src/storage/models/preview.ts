import { Schema, type Connection, type Model, type mongo } from 'mongoose';

type ObjectId = mongo.ObjectId;

/**
 * The rendering of a registered document's seal page. Its `_id` is the document's id: a signed
 * document never changes, so it is rendered once, and of two instances rendering it at the same time
 * the first insert wins (the primary key; FerretDB v1 has no atomic upsert).
 */
export type PreviewRecord = {
  readonly _id: string;
  /** The image in the blob store (GridFS). */
  readonly blobId: ObjectId;
  readonly contentType: string;
  readonly size: number;
  readonly page: number;
  readonly createdAt: Date;
};

const previewSchema = new Schema<PreviewRecord>(
  {
    _id: { type: String, required: true },
    blobId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    page: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'previews', versionKey: false, strict: 'throw' },
);

export type PreviewModel = Model<PreviewRecord>;

export function previewModel(conn: Connection): PreviewModel {
  return (conn.models.Preview as PreviewModel | undefined) ?? conn.model<PreviewRecord>('Preview', previewSchema);
}
