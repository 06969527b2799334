import { Schema, type Connection, type Model } from 'mongoose';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '../../core/audit/chain.js';

/**
 * One audit event, stored exactly as it was hashed (`at` stays the hashed ISO string, not a Date),
 * so verification reads back the same content without conversions.
 */
export type AuditEventRecord = AuditEvent;

const actorSchema = new Schema(
  {
    kind: { type: String, enum: ['department', 'public', 'operator'], required: true },
    department: String,
    keyId: String,
    address: String,
    name: String,
  },
  { _id: false, strict: 'throw' },
);

// The unique index on seq is what orders the chain: two writers that computed the same next number
// cannot both insert it (FerretDB v1 has no transactions and no atomic $inc).
// The listing indexes are plain: FerretDB v1 rejects partial indexes and ignores sparse ones.
// minimize: false keeps an empty `details: {}`, which is part of the hashed content.
const auditEventSchema = new Schema<AuditEventRecord>(
  {
    seq: { type: Number, required: true, unique: true },
    at: { type: String, required: true },
    type: { type: String, enum: AUDIT_EVENT_TYPES, required: true },
    actor: { type: actorSchema, required: true },
    documentId: String,
    owner: String,
    details: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_events', versionKey: false, strict: 'throw', minimize: false },
);
auditEventSchema.index({ 'actor.department': 1, seq: -1 });
auditEventSchema.index({ documentId: 1, seq: -1 });
auditEventSchema.index({ owner: 1, seq: -1 });

export type AuditEventModel = Model<AuditEventRecord>;

export function auditEventModel(conn: Connection): AuditEventModel {
  return (conn.models.AuditEvent as AuditEventModel | undefined) ?? conn.model<AuditEventRecord>('AuditEvent', auditEventSchema);
}
