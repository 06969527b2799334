import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binary, freshClient, secretOf } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const CONCURRENT_SIGNINGS = 50;
/** Above the chain checks the other tests make with one key; the limit test meets it with a key of its own. */
const AUDIT_VERIFY_LIMIT = 12;

type StoredEvent = { seq: number; type: string; documentId?: string; owner?: string; actor: Record<string, unknown>; details: Record<string, unknown> };

const concerns = (e: StoredEvent, department: string) => e.actor.department === department || e.owner === department;

/**
 * Issue 4 item 4 through the HTTP API: every operation leaves exactly one event, concurrent signings
 * neither fork nor lose the chain, and /api/v1/audit/verify names an edited or a deleted event.
 */
describe('the audit log through the HTTP API (real app, real database)', () => {
  let t: TestApp;
  let pdf: Buffer;
  const expected: Record<string, number> = {};
  const count = (type: string) => (expected[type] = (expected[type] ?? 0) + 1);
  const total = () => Object.values(expected).reduce((a, b) => a + b, 0);
  let signedIds: string[] = [];
  let verifyKey: string;

  const sign = (key: string) => request(t.app).post('/api/v1/documents').set(bearer(key)).attach('file', pdf, 'in.pdf');
  const events = () => t.conn.collection<StoredEvent>('audit_events').find({}, { projection: { _id: 0 } }).sort({ seq: 1 }).toArray();
  const auditVerify = () => request(t.app).get('/api/v1/audit/verify').set(bearer(t.readOnlyKey));

  beforeAll(async () => {
    t = await startTestApp('http_audit', { publicDownload: ['demo'], trustProxy: 1, auditVerifyRateLimit: AUDIT_VERIFY_LIMIT });
    pdf = await makePdfLibDoc({ pages: 1 });
    verifyKey = (await t.services.apiKeys.create('demo', ['verify'])).key;
  });
  afterAll(async () => t?.close());

  it('after a scripted sequence with 50 concurrent signings, the chain verifies and holds one event per operation', async () => {
    const burst = await Promise.all(Array.from({ length: CONCURRENT_SIGNINGS }, () => sign(t.keys.demo)));
    for (const res of burst) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      count('sign');
    }
    signedIds = burst.map((r) => r.body.id as string);
    const ec = await sign(t.keys['demo-ec']);
    expect(ec.status).toBe(201);
    count('sign');

    const [first, second] = burst;
    const file = await request(t.app).get(`/api/v1/documents/${first!.body.id}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    count('download');
    const etag = String(file.headers.etag);
    const notModified = await request(t.app).get(`/api/v1/documents/${first!.body.id}/file`).set(bearer(t.keys.demo)).set('If-None-Match', etag);
    expect(notModified.status).toBe(304); // nothing handed out: not an event
    expect((await request(t.app).get(`/v/${first!.body.id}/file`).set('X-Forwarded-For', '198.51.100.9')).status).toBe(200);
    count('download');
    const applicantToken = String(second!.body.applicantUrl).split('/d/')[1]!;
    expect((await request(t.app).get(`/d/${applicantToken}`).set('X-Forwarded-For', freshClient())).status).toBe(200);
    count('applicant-link.download');

    const publicVerify = await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', '198.51.100.10').attach('file', file.body as Buffer, 'x.pdf');
    expect(publicVerify.status).toBe(200);
    count('verify');
    const departmentVerify = await request(t.app).post('/api/v1/verify').set(bearer(verifyKey)).set('X-Forwarded-For', freshClient()).attach('file', pdf, 'x.pdf');
    expect(departmentVerify.status).toBe(200);
    count('verify');
    const revoked = await request(t.app).post(`/api/v1/documents/${second!.body.id}/revoke`).set(bearer(t.revokeKeys.demo)).send({ reason: 'wrong name' });
    expect(revoked.status).toBe(200);
    count('revoke');
    // Refused requests leave no event.
    expect((await request(t.app).get(`/api/v1/documents/${ec.body.id}/file`).set(bearer(t.keys.demo))).status).toBe(404);
    expect((await request(t.app).post('/api/v1/documents').set(bearer(t.readOnlyKey)).attach('file', pdf, 'in.pdf')).status).toBe(403);

    const stored = await events();
    const verified = await auditVerify();
    // The department hears about its own events only: what it did and what was done with its documents.
    const demoEvents = stored.filter((e) => concerns(e, 'demo')).length;
    expect(demoEvents).toBeLessThan(total());
    expect({ status: verified.status, body: verified.body }).toEqual({ status: 200, body: { ok: true, count: demoEvents } });
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: total() }, (_, i) => i + 1));
    const byType: Record<string, number> = {};
    for (const e of stored) byType[e.type] = (byType[e.type] ?? 0) + 1;
    expect(byType).toEqual(expected);
    // One sign event per document signed, with its signed hash and size; no event carries bytes or secrets.
    const signEvents = stored.filter((e) => e.type === 'sign');
    expect(new Set(signEvents.map((e) => e.documentId))).toEqual(new Set([...signedIds, ec.body.id]));
    const firstSign = signEvents.find((e) => e.documentId === first!.body.id)!;
    expect(firstSign).toMatchObject({
      actor: { kind: 'department', department: 'demo', keyId: t.keys.demo.split('_')[1] },
      details: { sha256Signed: first!.body.sha256.signed, size: first!.body.size },
    });
    expect(stored.find((e) => e.type === 'verify' && e.actor.kind === 'public')).toMatchObject({
      actor: { address: '198.51.100.10' },
      documentId: first!.body.id,
      details: { verdict: 'valid', sha256: publicVerify.body.sha256 },
    });
    expect(stored.find((e) => e.type === 'revoke')).toMatchObject({ documentId: second!.body.id, details: { reason: 'wrong name' } });
    const text = JSON.stringify(stored);
    for (const secret of [secretOf(t.keys.demo), secretOf(verifyKey), applicantToken]) expect(text).not.toContain(secret);
  });

  it("tells a department of a break at another's event only that the chain is broken elsewhere, without a number", async () => {
    const audit = t.conn.collection<StoredEvent>('audit_events');
    const stored = await events();
    const ecEvent = stored.find((e) => concerns(e, 'demo-ec') && !concerns(e, 'demo'))!;
    const demoBefore = stored.filter((e) => e.seq < ecEvent.seq && concerns(e, 'demo')).length;
    const ecBefore = stored.filter((e) => e.seq < ecEvent.seq && concerns(e, 'demo-ec')).length;
    const ecKey = (await t.services.apiKeys.create('demo-ec', ['read'])).key;
    const original = await audit.findOne({ seq: ecEvent.seq });
    await audit.updateOne({ seq: ecEvent.seq }, { $set: { 'details.size': 1 } });
    try {
      const demo = await auditVerify();
      expect({ status: demo.status, body: demo.body }).toEqual({ status: 200, body: { ok: false, count: demoBefore, brokenElsewhere: true } });
      expect(JSON.stringify(demo.body)).not.toContain(String(ecEvent.seq));
      const ec = await request(t.app).get('/api/v1/audit/verify').set(bearer(ecKey));
      expect(ec.body).toEqual({ ok: false, count: ecBefore, firstBroken: { seq: ecEvent.seq, reason: 'hash_mismatch' } });
    } finally {
      await audit.updateOne({ seq: ecEvent.seq }, { $set: { details: original!.details } });
    }
    expect((await auditVerify()).body.ok).toBe(true);
  });

  it('limits chain checks per API key: past the limit 429 rate_limited with Retry-After, another key unaffected', async () => {
    const key = (await t.services.apiKeys.create('demo', ['read'])).key;
    for (let i = 0; i < AUDIT_VERIFY_LIMIT; i++) {
      expect((await request(t.app).get('/api/v1/audit/verify').set(bearer(key)).set('X-Forwarded-For', freshClient())).status).toBe(200);
    }
    const limited = await request(t.app).get('/api/v1/audit/verify').set(bearer(key)).set('X-Forwarded-For', freshClient());
    expect({ status: limited.status, code: limited.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await auditVerify()).status).toBe(200);
  });

  it("lists only the department's own events, newest first, paged by before, filtered by document", async () => {
    const page1 = await request(t.app).get('/api/v1/audit?limit=20').set(bearer(t.readOnlyKey));
    expect(page1.status).toBe(200);
    expect(page1.body.events).toHaveLength(20);
    const page2 = await request(t.app).get(`/api/v1/audit?limit=500&before=${page1.body.nextBefore}`).set(bearer(t.readOnlyKey));
    const seqs = [...page1.body.events, ...page2.body.events].map((e: StoredEvent) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(page2.body.nextBefore).toBeNull();
    const all = [...page1.body.events, ...page2.body.events] as StoredEvent[];
    // The department's events: what it did, and what anyone did with the documents it issued.
    const mine = (e: StoredEvent & { owner?: string }) => e.actor.department === 'demo' || e.owner === 'demo';
    expect(all.every(mine)).toBe(true);
    const demoEvents = (await events()).filter(mine);
    expect(all).toHaveLength(demoEvents.length);

    const forDoc = await request(t.app).get(`/api/v1/audit?documentId=${signedIds[0]}`).set(bearer(t.readOnlyKey));
    const expectedForDoc = demoEvents.filter((e) => e.documentId === signedIds[0]).map((e) => e.type).reverse();
    expect(forDoc.body.events.map((e: StoredEvent) => e.type)).toEqual(expectedForDoc);
    expect(expectedForDoc.length).toBeGreaterThan(1);
    expect((await request(t.app).get('/api/v1/audit').set(bearer(t.readOnlyKey))).body.events).toHaveLength(50);
  });

  it('refuses a bad query with 400 invalid_request', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'before=-1', 'documentId=NOT-AN-ID', 'limit=1&limit=2', 'extra=1']) {
      const res = await request(t.app).get(`/api/v1/audit?${query}`).set(bearer(t.readOnlyKey));
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'invalid_request' });
    }
  });

  it('names exactly the edited event, then, for a deleted one, the event after it', async () => {
    const audit = t.conn.collection<StoredEvent>('audit_events');
    const edited = 17;
    const original = await audit.findOne({ seq: edited });
    await audit.updateOne({ seq: edited }, { $set: { 'details.size': 1 } });
    const afterEdit = await auditVerify();
    expect(afterEdit.body).toEqual({ ok: false, count: edited - 1, firstBroken: { seq: edited, reason: 'hash_mismatch' } });

    await audit.updateOne({ seq: edited }, { $set: { details: original!.details } });
    expect((await auditVerify()).body.ok).toBe(true);

    const deleted = 30;
    await audit.deleteOne({ seq: deleted });
    const afterDelete = await auditVerify();
    expect(afterDelete.body).toEqual({ ok: false, count: deleted - 1, firstBroken: { seq: deleted + 1, reason: 'sequence_gap' } });
  });

  it("lists for the issuing department what the public and applicants did with its documents, and nothing of them to another", async () => {
    const signed = await sign(t.keys.demo);
    expect(signed.status).toBe(201);
    const id = String(signed.body.id);
    const token = String(signed.body.applicantUrl).split('/d/')[1];
    expect((await request(t.app).get(`/d/${token}`).set('X-Forwarded-For', freshClient()).buffer(true).parse(binary)).status).toBe(200);
    const own = await request(t.app).get(`/api/v1/audit?documentId=${id}`).set(bearer(t.readOnlyKey));
    expect(own.status).toBe(200);
    expect(own.body.events.map((e: StoredEvent) => e.type).sort()).toEqual(['applicant-link.download', 'sign']);
    const other = await request(t.app).get(`/api/v1/audit?documentId=${id}`).set(bearer(t.keys['demo-ec']));
    expect(other.body.events).toEqual([]);
  });
});
