import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_TEXT_MAX_CHARS } from '../../src/views/file-text.js';
import { bearer, binary, freshClient } from '../helpers/http-calls.js';
import { HOSTILE_SENTENCE, hostileNamedPdf } from '../helpers/hostile-names.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../helpers/test-app.js';
import { runOrThrow, withTempDir } from '../helpers/tool-run.js';
import { decodeQr, makeNssDb, renderPage, runPdfsig } from '../helpers/verifiers.js';

const DAY_MS = 86_400_000;
/** The default of DOCSEAL_REPORT_RETENTION_DAYS, which startTestApp leaves unset. */
const RETENTION_DAYS = 90;

type StoredEvent = { seq: number; type: string; documentId?: string; owner?: string; actor: Record<string, unknown> };

/**
 * ?format=pdf is no signing oracle: an anonymous caller gets an unsigned copy that nothing keeps; a
 * department's key gets a signed report the department owns and that expires.
 */
describe('the PDF verification report (real app, real database, injected clock)', () => {
  let t: TestApp;
  let now = Date.now();
  let signed: Buffer;
  let verifyKey: string;
  let otherVerifyKey: string;

  const verify = (pdf: Buffer, key?: string) => {
    const call = request(t.app).post('/api/v1/verify?format=pdf').set('X-Forwarded-For', freshClient());
    return (key ? call.set(bearer(key)) : call).attach('file', pdf, 'upload.pdf').buffer(true).parse(binary);
  };
  const counts = async () => ({
    documents: await t.conn.collection('documents').countDocuments(),
    blobs: await t.conn.collection('files.files').countDocuments(),
    chunks: await t.conn.collection('files.chunks').countDocuments(),
  });
  const events = () => t.conn.collection<StoredEvent>('audit_events').find({}, { projection: { _id: 0 } }).sort({ seq: 1 }).toArray();

  /** The signatures pdfsig finds (trusting the test root), and its raw output. */
  const pdfsig = (pdf: Buffer) =>
    withTempDir((dir) => {
      makeNssDb(dir, [t.rootCertPem]);
      writeFileSync(join(dir, 'report.pdf'), pdf);
      return runPdfsig(join(dir, 'report.pdf'), dir);
    });
  const textOf = (pdf: Buffer) =>
    withTempDir((dir) => {
      writeFileSync(join(dir, 'report.pdf'), pdf);
      return runOrThrow('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-']).replace(/\s+/g, ' ');
    });

  beforeAll(async () => {
    t = await startTestApp('http_verify_report', { clock: () => new Date(now), trustProxy: 1 });
    const res = await request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', await makePdfLibDoc({ pages: 1 }), 'in.pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    signed = (await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary)).body as Buffer;
    verifyKey = (await t.services.apiKeys.create('demo', ['verify', 'read'])).key;
    otherVerifyKey = (await t.services.apiKeys.create('demo-ec', ['verify', 'read'])).key;
  });
  afterAll(async () => t?.close());

  it('anonymous: 200, an unsigned copy that says so; no record, no blob, no sign event, but the verification is audited', async () => {
    const before = await counts();
    const lastSeq = (await events()).at(-1)!.seq;
    const res = await verify(signed);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers.location).toBeUndefined();
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { signatures, raw } = await pdfsig(pdf);
    expect(signatures, raw).toHaveLength(0);
    expect(raw).toMatch(/does not contain any signatures/);
    expect(await textOf(pdf)).toContain('Unsigned copy: this report is not signed by the service and is not kept by it');
    expect(await counts()).toEqual(before);
    const added = (await events()).filter((e) => e.seq > lastSeq);
    expect(added.map((e) => e.type)).toEqual(['verify']);
    expect(added[0]!.actor.kind).toBe('public');
  });

  it('with a department key: 201, signed by the service (pdfsig trusts it), owned by the requesting department alone', async () => {
    const res = await verify(signed, verifyKey);
    expect(res.status).toBe(201);
    const reportId = /^\/v\/([a-z2-7]{26})$/.exec(res.headers.location ?? '')?.[1];
    expect(reportId).toBeDefined();
    const pdf = res.body as Buffer;
    const { signatures, raw } = await pdfsig(pdf);
    expect(signatures, raw).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ signatureValid: true, certificateStatus: 'trusted', totalDocumentSigned: true });
    expect(signatures[0]!.signerName).toContain('docseal Verification Service');
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'report.pdf'), pdf);
      // The seal goes on the last page, which the bilingual report reaches after the first.
      const pages = Number(/Pages:\s+(\d+)/.exec(runOrThrow('pdfinfo', [join(dir, 'report.pdf')]))?.[1]);
      expect(decodeQr(await renderPage(join(dir, 'report.pdf'), pages, 150))).toBe(`${TEST_BASE_URL}/v/${reportId}`);
    });

    const record = await request(t.app).get(`/api/v1/documents/${reportId}`).set(bearer(verifyKey));
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ id: reportId, department: { code: 'service' }, requestedBy: 'demo' });
    expect(Date.parse(record.body.expiresAt)).toBe(now + RETENTION_DAYS * DAY_MS);
    const file = await request(t.app).get(`/api/v1/documents/${reportId}/file`).set(bearer(verifyKey)).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, pdf)).toBe(0);
    // Another department: exactly like an unknown id, for the record, the file and its audit events.
    expect((await request(t.app).get(`/api/v1/documents/${reportId}`).set(bearer(otherVerifyKey))).status).toBe(404);
    expect((await request(t.app).get(`/api/v1/documents/${reportId}/file`).set(bearer(otherVerifyKey))).status).toBe(404);
    expect((await request(t.app).get(`/api/v1/audit?documentId=${reportId}`).set(bearer(otherVerifyKey))).body.events).toEqual([]);
    const own = await request(t.app).get(`/api/v1/audit?documentId=${reportId}`).set(bearer(verifyKey));
    expect(own.body.events.map((e: StoredEvent) => e.type).sort()).toEqual(['download', 'sign']);
    const sign = own.body.events.find((e: StoredEvent) => e.type === 'sign');
    expect(sign).toMatchObject({ actor: { kind: 'department', department: 'demo' }, owner: 'demo', details: { signedAs: 'service' } });
    // Its signer is the service, not the requester: the requester cannot revoke it.
    const revokeKey = (await t.services.apiKeys.create('demo', ['revoke'])).key;
    expect((await request(t.app).post(`/api/v1/documents/${reportId}/revoke`).set(bearer(revokeKey)).send({ reason: 'x' })).status).toBe(404);

    expect((await request(t.app).get(`/v/${reportId}`)).status).toBe(200);
    const reverified = await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', freshClient()).attach('file', pdf, 'r.pdf');
    expect(reverified.body).toMatchObject({ verdict: 'valid', registry: [{ documentId: reportId, department: 'service', matched: 'file' }] });
  });

  it("a later verification of a filed report is audited for the department that owns it, not for the service", async () => {
    const filed = await verify(signed, otherVerifyKey);
    expect(filed.status).toBe(201);
    const reportId = String(filed.headers.location).replace('/v/', '');
    const checked = await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', freshClient()).attach('file', filed.body as Buffer, 'report.pdf');
    expect(checked.body.registry).toEqual([expect.objectContaining({ documentId: reportId, matched: 'file' })]);
    const verifies = (await events()).filter((e) => e.type === 'verify' && e.documentId === reportId);
    expect(verifies.map((e) => e.owner)).toEqual(['demo-ec']);
  });

  it('a field name and /Name that carry a sentence appear in the report quoted, marked as from the file and cut', async () => {
    const quoted = (s: string) => `\u201c${s.slice(0, FILE_TEXT_MAX_CHARS - 1)}\u2026\u201d (文件所载 / from the file)`;
    for (const key of [undefined, verifyKey]) {
      const res = await verify(await hostileNamedPdf(), key);
      expect(res.status).toBe(key ? 201 : 200);
      const text = await textOf(res.body as Buffer);
      expect(text).toContain(`Signature field: ${quoted(`docseal-${HOSTILE_SENTENCE}`)}`);
      expect(text).toContain(`(/Name, not proven): ${quoted(HOSTILE_SENTENCE)}`);
      expect(text).not.toContain(HOSTILE_SENTENCE);
    }
  });

  it('expires at the end of its retention: not found from then on, and the cleanup deletes record and blob', async () => {
    const res = await verify(signed, verifyKey);
    expect(res.status).toBe(201);
    const reportId = /^\/v\/([a-z2-7]{26})$/.exec(res.headers.location ?? '')![1]!;
    const pdf = res.body as Buffer;
    const before = await counts();
    expect(await t.services.purgeExpiredReports()).toBe(0);

    now += RETENTION_DAYS * DAY_MS - 1000;
    expect((await request(t.app).get(`/api/v1/documents/${reportId}`).set(bearer(verifyKey))).status).toBe(200);
    now += 1000;
    expect((await request(t.app).get(`/api/v1/documents/${reportId}`).set(bearer(verifyKey))).status).toBe(404);
    expect((await request(t.app).get(`/v/${reportId}`)).status).toBe(404);
    const reverified = await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', freshClient()).attach('file', pdf, 'r.pdf');
    expect(reverified.body.registry).toEqual([]);

    // Every report filed so far has expired (the earlier tests' too); the document demo signed has not.
    const reports = await t.conn.collection('documents').countDocuments({ requestedBy: { $exists: true } });
    expect(reports).toBeGreaterThanOrEqual(3);
    const reportBlobs = await t.conn.collection('documents').find({ requestedBy: { $exists: true } }).map((d) => d.fileId).toArray();
    expect(await t.services.purgeExpiredReports()).toBe(reports);
    const after = await counts();
    expect(after.documents).toBe(before.documents - reports);
    expect(after.blobs).toBe(before.blobs - reports);
    expect(after.chunks).toBeLessThan(before.chunks);
    expect(await t.conn.collection('files.files').countDocuments({ _id: { $in: reportBlobs } })).toBe(0);
    expect(await t.conn.collection('files.chunks').countDocuments({ files_id: { $in: reportBlobs } })).toBe(0);
    expect(await t.conn.collection('documents').countDocuments({ department: 'demo' })).toBe(1);
    expect(await t.services.purgeExpiredReports()).toBe(0);
  });
});
