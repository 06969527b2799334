import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import {
  GENESIS_PREV_HASH,
  createChainVerifier,
  sealEvent,
  type AuditEvent,
  type ChainResult,
} from '../core/audit/chain.js';
import { createDepartmentChainVerifier, type DepartmentChainResult } from '../core/audit/department-chain.js';
import { DocsealError } from '../core/errors.js';
import { auditEventModel, type AuditEventModel } from './models/audit-event.js';

export type AuditEventInput = Omit<AuditEvent, 'seq' | 'at' | 'prevHash' | 'hash'>;

export type AuditListQuery = {
  readonly department: string;
  readonly documentId?: string;
  /** 1..MAX_AUDIT_PAGE. */
  readonly limit: number;
  /** Only events with a smaller seq: pass the last seq of the previous page. */
  readonly before?: number;
};

export const MAX_AUDIT_PAGE = 500;

/** Enough for dozens of processes appending at once; each retry means another writer made progress. */
const MAX_ATTEMPTS = 50;
const MAX_BACKOFF_MS = 20;
const DUPLICATE_KEY = 11000;

type ChainHead = Pick<AuditEvent, 'seq' | 'hash'>;

/**
 * The append-only, hash-chained audit log.
 * Order comes from the unique index on `seq`: an append inserts head.seq + 1 linked to the head's hash,
 * and when another writer took that number first (duplicate key) it moves the head forward and
 * retries. So the chain never forks and no event is lost, on MongoDB and on FerretDB, without
 * transactions or $inc. Appends from one process also wait for each other, which only saves retries.
 *
 * The head is kept in the process: only the first append sorts the log to find it. A conflict reads
 * the events after the head by their unique `seq`, one lookup each, instead of sorting again; a log
 * that grows does not make an append slower.
 */
export class AuditLog {
  private readonly model: AuditEventModel;
  /** The unique index must exist before the first insert, or two writers could both insert a seq. */
  private readonly indexes: Promise<void>;
  private tail: Promise<unknown> = Promise.resolve();
  private head: ChainHead | null | undefined;

  constructor(conn: Connection, private readonly clock: () => Date) {
    this.model = auditEventModel(conn);
    this.indexes = this.model.init().then(() => undefined);
    // Reported by the first call that awaits it, not as an unhandled rejection.
    this.indexes.catch(() => undefined);
  }

  append(input: AuditEventInput): Promise<AuditEvent> {
    const run = this.tail.then(() => this.appendWithRetry(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async list(query: AuditListQuery): Promise<AuditEvent[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_AUDIT_PAGE) {
      throw new DocsealError('invalid_request', `limit must be an integer from 1 to ${MAX_AUDIT_PAGE}.`);
    }
    await this.indexes;
    // A department's events: what it did, and what anyone did with the documents it issued.
    const filter: Record<string, unknown> = { $or: [{ 'actor.department': query.department }, { owner: query.department }] };
    if (query.documentId !== undefined) filter.documentId = query.documentId;
    if (query.before !== undefined) filter.seq = { $lt: query.before };
    const docs = await this.model.find(filter).sort({ seq: -1 }).limit(query.limit).lean<AuditEvent[]>().exec();
    return docs.map(toEvent);
  }

  /** Streams the whole collection in seq order through the chain verifier: the operator's full view. */
  async verify(): Promise<ChainResult> {
    return this.walk(createChainVerifier(), (r) => r.ok);
  }

  /** The same walk, answered for one department about its own events only (see DepartmentChainResult). */
  async verifyFor(department: string): Promise<DepartmentChainResult> {
    return this.walk(createDepartmentChainVerifier(department), (r) => r.ok);
  }

  private async walk<R>(verifier: { push(event: AuditEvent): void; result(): R }, holds: (result: R) => boolean): Promise<R> {
    await this.indexes;
    const cursor = this.model.find({}).sort({ seq: 1 }).lean<AuditEvent>().cursor();
    try {
      for await (const doc of cursor) {
        verifier.push(toEvent(doc as AuditEvent));
        if (!holds(verifier.result())) break;
      }
    } finally {
      await cursor.close();
    }
    return verifier.result();
  }

  private async appendWithRetry(input: AuditEventInput): Promise<AuditEvent> {
    await this.indexes;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const head = await this.currentHead();
      const event = nextEvent(input, head, this.clock());
      try {
        await this.model.create(event);
        this.head = { seq: event.seq, hash: event.hash };
        return event;
      } catch (e) {
        // An insert whose outcome is unknown (a dropped connection) may have landed: find the head again.
        if (!isDuplicateKey(e)) {
          this.head = undefined;
          throw e;
        }
        this.head = await this.headAfter(head);
        await sleep(Math.floor(Math.random() * MAX_BACKOFF_MS) + 1);
      }
    }
    throw new DocsealError('internal', 'The audit log is too busy; try again.', { attempts: MAX_ATTEMPTS });
  }

  /** The cached head, or the newest event read once (null: the log is empty). */
  private async currentHead(): Promise<ChainHead | null> {
    if (this.head === undefined) {
      this.head = await this.model.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean<ChainHead>().exec();
    }
    return this.head;
  }

  /** Another writer appended after `head`: follow the events it wrote by their unique seq. */
  private async headAfter(head: ChainHead | null): Promise<ChainHead | null> {
    let newest = head;
    for (let next = (newest?.seq ?? 0) + 1; ; next++) {
      const found = await this.model.findOne({ seq: next }, { seq: 1, hash: 1 }).lean<ChainHead>().exec();
      if (!found) return newest;
      newest = found;
    }
  }
}

function nextEvent(input: AuditEventInput, head: ChainHead | null, now: Date): AuditEvent {
  return sealEvent({
    ...toContentInput(input),
    seq: head ? head.seq + 1 : 1,
    at: now.toISOString(),
    prevHash: head ? head.hash : GENESIS_PREV_HASH,
  });
}

/** Only the fields the hash covers: a stray field (or one the caller smuggled in) is neither stored nor hashed. */
function toContentInput(input: AuditEventInput): AuditEventInput {
  const { type, actor, documentId, owner, details } = input;
  return { type, actor, ...(documentId === undefined ? {} : { documentId }), ...(owner === undefined ? {} : { owner }), details };
}

/** A stored document as the event it records (drops `_id`). */
function toEvent(doc: AuditEvent): AuditEvent {
  const { seq, at, type, actor, documentId, owner, details, prevHash, hash } = doc;
  return { seq, at, type, actor, ...(documentId === undefined ? {} : { documentId }), ...(owner === undefined ? {} : { owner }), details, prevHash, hash };
}

function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === DUPLICATE_KEY;
}
