import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binary, freshClient } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../helpers/test-app.js';
import { runOrThrow, withTempDir } from '../helpers/tool-run.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const TITLE = 'Business licence 2026-117';

type StoredEvent = { seq: number; type: string; documentId?: string; owner?: string; details: Record<string, unknown> };

/** Uploading the unsigned original of a document we issued: `unsigned`, and the report says which document it became. */
describe('the original of a registered document (real app, real database, verifier workers)', () => {
  let t: TestApp;
  let original: Buffer;
  let id: string;
  let signedAt: string;
  let verifyKey: string;

  const verify = (pdf: Buffer, opts: { key?: string; query?: string; accept?: string } = {}) => {
    let call = request(t.app).post(`/api/v1/verify${opts.query ?? ''}`).set('X-Forwarded-For', freshClient());
    if (opts.key) call = call.set(bearer(opts.key));
    if (opts.accept) call = call.set('Accept', opts.accept);
    return call.attach('file', pdf, 'upload.pdf');
  };
  const textOf = (pdf: Buffer) =>
    withTempDir((dir) => {
      writeFileSync(join(dir, 'report.pdf'), pdf);
      return runOrThrow('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-']).replace(/\s+/g, ' ');
    });
  const expectedEntry = () => {
    const demo = t.departments.get('demo')!;
    return {
      code: 'original_of_registered_document',
      documentId: id,
      title: TITLE,
      department: 'demo',
      departmentName: { zh: demo.nameZh, en: demo.nameEn },
      signedAt,
      status: 'active',
      verifyUrl: `${TEST_BASE_URL}/v/${id}`,
    };
  };

  beforeAll(async () => {
    t = await startTestApp('http_registered_original', { trustProxy: 1 });
    original = await makePdfLibDoc({ pages: 1 });
    const res = await request(t.app)
      .post('/api/v1/documents')
      .set(bearer(t.keys.demo))
      .attach('file', original, 'in.pdf')
      .field('title', TITLE)
      .field('applicantRef', 'PRIVATE-APPLICANT-7')
      .field('reason', 'PRIVATE-REASON')
      .field('location', 'PRIVATE-LOCATION');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.sha256.original).toBe(sha256(original));
    id = res.body.id as string;
    signedAt = res.body.signedAt as string;
    verifyKey = (await t.services.apiKeys.create('demo-ec', ['verify', 'read'])).key;
  });
  afterAll(async () => t?.close());

  it('anonymous JSON: unsigned, not itself registered, and names the document, its issuer, date, status and public page; nothing private', async () => {
    const res = await verify(original);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'unsigned', sha256: sha256(original), registry: [], signatures: [] });
    expect(res.body.originalOf).toEqual([expectedEntry()]);
    expect(res.text).not.toMatch(/PRIVATE-/);
  });

  it('with another department’s key: the same facts (what the public page shows anyone), and the issuing department sees the check in its audit', async () => {
    const res = await verify(original, { key: verifyKey });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'unsigned', registry: [] });
    expect(res.body.originalOf).toEqual([expectedEntry()]);
    expect(res.text).not.toMatch(/PRIVATE-/);
    const events = await t.conn.collection<StoredEvent>('audit_events').find({ type: 'verify' }).sort({ seq: 1 }).toArray();
    expect(events.at(-1)).toMatchObject({ documentId: id, owner: 'demo', details: { verdict: 'unsigned', sha256: sha256(original), matched: 'original' } });
  });

  it('the HTML report names the document, issuer, date, status and where the signed copy is checked, in both languages', async () => {
    const res = await verify(original, { accept: 'text/html' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const demo = t.departments.get('demo')!;
    for (const text of [
      '由此文件签署而成的登记文档',
      'Registered documents signed from this file',
      `href="/v/${id}"`,
      TITLE,
      demo.nameZh,
      demo.nameEn,
      signedAt,
      `href="${TEST_BASE_URL}/v/${id}"`,
      `This file is the unsigned original from which this service issued document ${id}, which is valid.`,
      `此文件是本服务签发编号为 ${id} 的文档时所用的未签名原件，该文档有效。`,
      'but issued a document signed from it',
    ]) {
      expect(res.text, text).toContain(text);
    }
    expect(res.text).not.toMatch(/PRIVATE-/);
  });

  it('the PDF report (anonymous copy and a department’s signed one) says the same, as pdftotext reads it', async () => {
    const anonymous = await verify(original, { query: '?format=pdf' }).buffer(true).parse(binary);
    expect(anonymous.status).toBe(200);
    const filed = await verify(original, { query: '?format=pdf', key: verifyKey }).buffer(true).parse(binary);
    expect(filed.status).toBe(201);
    for (const pdf of [anonymous.body as Buffer, filed.body as Buffer]) {
      const text = await textOf(pdf);
      expect(text).toContain('结论 / Verdict: 未签名 / Not signed');
      expect(text).toContain(`This file is the unsigned original from which this service issued document ${id}, which is valid.`);
      expect(text).toContain(`文档编号 / Document ID: ${id}`);
      expect(text).toContain(`标题 / Title: ${TITLE}`);
      expect(text).toContain(`签发单位 / Issuer: ${t.departments.get('demo')!.nameZh} / ${t.departments.get('demo')!.nameEn}`);
      expect(text).toContain(`签署时间 / Signed at: ${signedAt}`);
      expect(text).toContain('状态 / Status: 有效 / Active');
      expect(text).toContain(`核验已签署文件 / Where the signed copy is checked: ${TEST_BASE_URL}/v/${id}`);
      expect(text).not.toMatch(/PRIVATE-/);
    }
  });

  it('after revocation: still unsigned (the file carries no signature), and the entry says revoked with the reason', async () => {
    const revokeKey = (await t.services.apiKeys.create('demo', ['revoke'])).key;
    const revoked = await request(t.app).post(`/api/v1/documents/${id}/revoke`).set(bearer(revokeKey)).send({ reason: 'issued in error' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const res = await verify(original);
    expect(res.body.verdict).toBe('unsigned');
    expect(res.body.originalOf).toEqual([{ ...expectedEntry(), code: 'original_of_revoked_document', status: 'revoked', revocationReason: 'issued in error' }]);
    const page = await verify(original, { accept: 'text/html' });
    expect(page.text).toContain('which has since been revoked');
    expect(page.text).toContain('issued in error');
  });

  it('an unsigned file we issued nothing from names nothing', async () => {
    const res = await verify(await makePdfLibDoc({ pages: 2 }));
    expect(res.body).toMatchObject({ verdict: 'unsigned', registry: [], originalOf: [] });
    const page = await verify(await makePdfLibDoc({ pages: 3 }), { accept: 'text/html' });
    expect(page.text).toContain('This service did not issue this file.');
    expect(page.text).not.toContain('Registered documents signed from this file');
  });
});
