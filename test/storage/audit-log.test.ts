import mongoose, { type Connection, type mongo } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/core/audit/chain.js';
import { AuditLog } from '../../src/storage/audit-log.js';
import { auditVerifyCommand } from '../../src/cli/audit-verify.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';

const DB = 'storage_audit_log';
const NOW = new Date('2025-03-01T08:00:00.000Z');

describe('AuditLog', () => {
  let connA: Connection;
  let connB: Connection;
  let logA: AuditLog;
  let logB: AuditLog;
  let events: mongo.Collection;
  let appended: AuditEvent[];

  beforeAll(async () => {
    connA = await connectTestDatabase(DB);
    connB = await connectTestDatabase(DB);
    logA = new AuditLog(connA, () => NOW);
    logB = new AuditLog(connB, () => NOW);
    events = connA.collection('audit_events');
    // Two instances on two connections: the in-process queue cannot order them, only the unique index can.
    appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? logA : logB).append({
          type: 'sign',
          actor: { kind: 'department', department: i % 3 ? 'alpha' : 'beta', keyId: `key-${i % 3}` },
          documentId: `doc-${i % 5}`,
          details: { i, ok: i % 4 === 0, note: i === 7 ? null : 'x' },
        }),
      ),
    );
  });
  afterAll(async () => {
    await connB.close();
    await closeTestDatabase(connA);
  });

  /** Runs `tamper` on the stored events, then puts the original documents back. */
  async function afterTampering(tamper: () => Promise<unknown>) {
    const original = await events.find({}).toArray();
    try {
      await tamper();
      return await logA.verify();
    } finally {
      await events.deleteMany({});
      await events.insertMany(original);
    }
  }

  it('50 concurrent appends from two connections give seq 1..50, one per append, and a valid chain', async () => {
    const stored = await events.find({}).sort({ seq: 1 }).toArray();
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(appended.map((e) => e.seq)).size).toBe(50);
    expect(stored.map((e) => (e.details as { i: number }).i).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(stored[0]).toMatchObject({ at: NOW.toISOString(), prevHash: '0'.repeat(64) });
    await expect(logA.verify()).resolves.toEqual({ ok: true, count: 50 });
    await expect(logB.verify()).resolves.toEqual({ ok: true, count: 50 });
  });

  it('refuses a second event with an existing seq (the unique index exists)', async () => {
    const first = await events.findOne({ seq: 1 });
    const { _id, ...copy } = first!;
    await expect(events.insertOne({ ...copy })).rejects.toMatchObject({ code: 11000 });
  });

  it('names an event whose details were edited: hash_mismatch at that seq', async () => {
    const result = await afterTampering(() => events.updateOne({ seq: 17 }, { $set: { 'details.ok': true, 'details.i': 999 } }));
    expect(result).toEqual({ ok: false, count: 16, firstBroken: { seq: 17, reason: 'hash_mismatch' } });
  });

  it('names the event after a deleted one: sequence_gap', async () => {
    const result = await afterTampering(() => events.deleteOne({ seq: 30 }));
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 31, reason: 'sequence_gap' } });
  });

  it('names the first of two events whose prevHash were swapped: prev_hash_mismatch', async () => {
    const result = await afterTampering(async () => {
      const [ten, twenty] = await Promise.all([events.findOne({ seq: 10 }), events.findOne({ seq: 20 })]);
      await events.updateOne({ seq: 10 }, { $set: { prevHash: twenty!.prevHash } });
      await events.updateOne({ seq: 20 }, { $set: { prevHash: ten!.prevHash } });
    });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 10, reason: 'prev_hash_mismatch' } });
  });

  it('the CLI command reports an intact and a broken chain', async () => {
    await expect(auditVerifyCommand(connA)).resolves.toEqual({ exitCode: 0, output: 'audit chain OK: 50 events' });
    let broken: Awaited<ReturnType<typeof auditVerifyCommand>> | undefined;
    await afterTampering(async () => {
      await events.updateOne({ seq: 5 }, { $set: { 'actor.department': 'gamma' } });
      broken = await auditVerifyCommand(connA);
    });
    expect(broken).toEqual({ exitCode: 1, output: 'audit chain BROKEN at event #5: hash_mismatch' });
  });

  it('lists only the department’s own events, newest first, filtered by document, paged by before', async () => {
    const alpha = appended.filter((e) => e.actor.kind === 'department' && e.actor.department === 'alpha');
    const alphaSeqs = alpha.map((e) => e.seq).sort((a, b) => b - a);

    const page1 = await logA.list({ department: 'alpha', limit: 10 });
    expect(page1.map((e) => e.seq)).toEqual(alphaSeqs.slice(0, 10));
    const page2 = await logA.list({ department: 'alpha', limit: 10, before: page1.at(-1)!.seq });
    expect(page2.map((e) => e.seq)).toEqual(alphaSeqs.slice(10, 20));
    const all = await logA.list({ department: 'alpha', limit: 500 });
    expect(all.map((e) => e.seq)).toEqual(alphaSeqs);

    const doc2 = await logA.list({ department: 'alpha', documentId: 'doc-2', limit: 500 });
    expect(doc2.map((e) => e.seq)).toEqual(alpha.filter((e) => e.documentId === 'doc-2').map((e) => e.seq).sort((a, b) => b - a));
    expect(doc2.length).toBeGreaterThan(0);

    const beta = await logA.list({ department: 'beta', limit: 500 });
    expect(beta.length).toBe(50 - alpha.length);
    expect(beta.every((e) => e.actor.kind === 'department' && e.actor.department === 'beta')).toBe(true);
    expect(await logA.list({ department: 'nobody', limit: 5 })).toEqual([]);
    // A listed event is the appended one, field for field (no _id, nothing added).
    expect(page1[0]).toEqual(appended.find((e) => e.seq === page1[0]!.seq));
  });

  it('refuses a page size out of range', async () => {
    await expect(logA.list({ department: 'alpha', limit: 0 })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(logA.list({ department: 'alpha', limit: 501 })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('chains events of every actor kind, with or without document and details, and verifies them', async () => {
    const publicEvent = await logB.append({ type: 'applicant-link.download', actor: { kind: 'public', address: '203.0.113.9' }, documentId: 'doc-1', details: {} });
    const operatorEvent = await logA.append({ type: 'department.create', actor: { kind: 'operator' }, details: { code: 'gamma' } });
    expect(publicEvent.seq).toBe(51);
    expect(operatorEvent).toMatchObject({ seq: 52, prevHash: publicEvent.hash });
    expect(await events.findOne({ seq: 51 })).toMatchObject({ details: {} });
    expect(await events.findOne({ seq: 52 })).not.toHaveProperty('documentId');
    await expect(logA.verify()).resolves.toEqual({ ok: true, count: 52 });
    expect(await logA.list({ department: 'alpha', documentId: 'doc-1', limit: 500 })).not.toContainEqual(publicEvent);
  });

  it('sorts the log only for its first append; later appends, also after another writer, read by seq', async () => {
    const sorted: string[] = [];
    // Mongoose's debug hook sees each query: (collection, method, filter, options).
    mongoose.set('debug', (collection: string, method: string, _filter: unknown, options?: { sort?: unknown }) => {
      if (collection === 'audit_events' && options?.sort !== undefined) sorted.push(method);
    });
    try {
      const logC = new AuditLog(connB, () => NOW);
      const first = await logC.append({ type: 'department.create', actor: { kind: 'operator' }, details: { n: 1 } });
      expect(sorted).toEqual(['findOne']);
      // Another instance moves the chain on: logC's cached head is now three events behind.
      const others = [];
      for (let i = 0; i < 3; i++) others.push(await logA.append({ type: 'department.create', actor: { kind: 'operator' }, details: { n: 2 + i } }));
      const after = await logC.append({ type: 'department.create', actor: { kind: 'operator' }, details: { n: 5 } });
      const again = await logC.append({ type: 'department.create', actor: { kind: 'operator' }, details: { n: 6 } });
      expect(after).toMatchObject({ seq: first.seq + 4, prevHash: others[2]!.hash });
      expect(again).toMatchObject({ seq: first.seq + 5, prevHash: after.hash });
      expect(sorted).toEqual(['findOne']);
      await expect(logC.verify()).resolves.toMatchObject({ ok: true });
    } finally {
      mongoose.set('debug', false);
    }
  });
});
