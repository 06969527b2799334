import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** What the audit log records. Add a type here before appending it (the model enforces this list). */
export const AUDIT_EVENT_TYPES = [
  'sign',
  'download',
  'verify',
  'revoke',
  'apikey.create',
  'apikey.revoke',
  'department.create',
  'department.update',
  'department.import-key',
  'department.issue-cert',
  'applicant-link.download',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export type AuditActor =
  | { readonly kind: 'department'; readonly department: string; readonly keyId?: string }
  | { readonly kind: 'public'; readonly address: string }
  | { readonly kind: 'operator'; readonly name?: string };

export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

export type AuditEvent = {
  /** 1, 2, 3, … with no gap: a missing number is a deleted event. */
  readonly seq: number;
  /** ISO 8601 UTC (`Date.prototype.toISOString`), hashed as this exact string. */
  readonly at: string;
  readonly type: AuditEventType;
  readonly actor: AuditActor;
  readonly documentId?: string;
  /** The department that issued `documentId`, so it sees what others (the public, applicants) did with it. */
  readonly owner?: string;
  readonly details: AuditDetails;
  /** The previous event's `hash`; GENESIS_PREV_HASH for seq 1. */
  readonly prevHash: string;
  /** Lowercase hex SHA-256 of `prevHash` (its 64 ASCII characters) followed by canonicalContent(event). */
  readonly hash: string;
};

export type AuditEventContent = Omit<AuditEvent, 'hash'>;

export const GENESIS_PREV_HASH = '0'.repeat(64);

/** The event without its hash as canonical JSON (see canonicalJson): what the hash covers. */
export function canonicalContent(content: AuditEventContent): string {
  const { seq, at, type, actor, documentId, owner, details, prevHash } = content;
  return canonicalJson({ seq, at, type, actor, documentId, owner, details, prevHash });
}

/** sha256(prevHash || canonicalContent) as lowercase hex; both parts are hashed as UTF-8. */
export function hashEvent(prevHash: string, content: AuditEventContent): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalContent(content), 'utf8').digest('hex');
}

/** Completes an event with its hash. */
export function sealEvent(content: AuditEventContent): AuditEvent {
  return { ...content, hash: hashEvent(content.prevHash, content) };
}

export type ChainBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'sequence_duplicate';

export type ChainResult =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly count: number; readonly firstBroken: { readonly seq: number; readonly reason: ChainBreak } };

export type ChainVerifier = {
  /** Feed events in ascending seq order; after the first break the rest are ignored. */
  push(event: AuditEvent): void;
  result(): ChainResult;
};

/**
 * A streaming fold over the chain, so a caller can verify from a database cursor without holding it all.
 * `count` is the number of events that verified before the first break.
 * Each event is checked in this order: its number follows the last one, it links to the last one's hash,
 * its own hash covers its content. A deleted event therefore shows as a gap at the next event, an edited
 * one as a hash mismatch at itself. Cutting events off the end, or rewriting an event and every hash
 * after it, leaves a consistent chain: that needs an anchor kept outside the database (e.g. the last
 * hash published or logged elsewhere).
 */
export function createChainVerifier(): ChainVerifier {
  let lastSeq = 0;
  let lastHash = GENESIS_PREV_HASH;
  let count = 0;
  let broken: { seq: number; reason: ChainBreak } | undefined;
  return {
    push(event) {
      if (broken) return;
      const reason = firstProblem(event, lastSeq, lastHash);
      if (reason) {
        broken = { seq: event.seq, reason };
        return;
      }
      lastSeq = event.seq;
      lastHash = event.hash;
      count += 1;
    },
    result: () => (broken ? { ok: false, count, firstBroken: broken } : { ok: true, count }),
  };
}

function firstProblem(event: AuditEvent, lastSeq: number, lastHash: string): ChainBreak | undefined {
  if (event.seq <= lastSeq) return 'sequence_duplicate';
  if (event.seq !== lastSeq + 1) return 'sequence_gap';
  if (event.prevHash !== lastHash) return 'prev_hash_mismatch';
  return recomputedHash(event) === event.hash ? undefined : 'hash_mismatch';
}

/** A stored event edited into something JSON cannot hold no longer matches any hash. */
function recomputedHash(event: AuditEvent): string | undefined {
  try {
    return hashEvent(event.prevHash, event);
  } catch {
    return undefined;
  }
}

/** Verifies a whole chain given in seq order. */
export function verifyChain(events: Iterable<AuditEvent>): ChainResult {
  const verifier = createChainVerifier();
  for (const event of events) verifier.push(event);
  return verifier.result();
}
