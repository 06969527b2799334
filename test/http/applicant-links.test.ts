import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binary, freshClient } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../helpers/test-app.js';

const HOUR = 3_600_000;
/** Lookups (/v/, /d/) get ten times this per client and minute. */
const VERIFY_LIMIT = 2;

type Signed = { id: string; token: string; bytes: Buffer; body: Record<string, unknown> };

describe('applicant links /d/<token> (real app, real database, injected clock)', () => {
  let t: TestApp;
  let pdf: Buffer;
  let now = Date.parse('2026-03-01T08:00:00Z');

  const fetchLink = (token: string, client = freshClient()) =>
    request(t.app).get(`/d/${token}`).set('X-Forwarded-For', client).buffer(true).parse(binary);

  async function sign(fields: Record<string, string> = {}): Promise<Signed> {
    let req = request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', pdf, 'in.pdf');
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    const res = await req;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const url = String(res.body.applicantUrl);
    expect(url).toMatch(new RegExp(`^${TEST_BASE_URL}/d/[A-Za-z0-9_-]{43}$`));
    const file = await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary);
    return { id: res.body.id, token: url.slice(url.lastIndexOf('/') + 1), bytes: file.body as Buffer, body: res.body };
  }

  beforeAll(async () => {
    t = await startTestApp('http_applicant_links', { clock: () => new Date(now), trustProxy: 1, verifyRateLimit: VERIFY_LIMIT });
    pdf = await makePdfLibDoc({ pages: 1 });
  });
  afterAll(async () => t?.close());

  it('serves exactly the signed file until the expiry the department set, then 410 link_expired', async () => {
    const doc = await sign({ linkExpiresInHours: '2' });
    expect(doc.body.applicantLink).toEqual({ expiresAt: new Date(now + 2 * HOUR).toISOString(), maxDownloads: null });
    const first = await fetchLink(doc.token);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(first.body as Buffer, doc.bytes)).toBe(0);
    now += 2 * HOUR - 1000;
    expect((await fetchLink(doc.token)).status).toBe(200);
    now += 1000;
    const expired = await request(t.app).get(`/d/${doc.token}`).set('X-Forwarded-For', freshClient());
    expect({ status: expired.status, code: expired.body.error?.code }).toEqual({ status: 410, code: 'link_expired' });
  });

  it('serves as many downloads as the limit, then 410; without options the link does not run out', async () => {
    const limited = await sign({ linkMaxDownloads: '2' });
    expect((await fetchLink(limited.token)).status).toBe(200);
    expect((await fetchLink(limited.token)).status).toBe(200);
    const third = await request(t.app).get(`/d/${limited.token}`).set('X-Forwarded-For', freshClient());
    expect({ status: third.status, code: third.body.error?.code }).toEqual({ status: 410, code: 'link_expired' });
    const row = await t.conn.collection('applicant_links').findOne({ tokenHash: createHash('sha256').update(limited.token).digest('hex') });
    expect(row?.downloads).toBe(2);

    const open = await sign();
    expect(open.body.applicantLink).toEqual({ expiresAt: null, maxDownloads: null });
    now += 365 * 24 * HOUR;
    for (let i = 0; i < 3; i++) expect((await fetchLink(open.token)).status).toBe(200);
  });

  it('gives a one-download link to exactly one of many concurrent requests', async () => {
    const doc = await sign({ linkMaxDownloads: '1' });
    const results = await Promise.all(Array.from({ length: 6 }, () => fetchLink(doc.token)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410, 410, 410, 410, 410]);
    const claims = await t.conn.collection('applicant_link_downloads').countDocuments({ tokenHash: createHash('sha256').update(doc.token).digest('hex') });
    expect(claims).toBe(1);
  });

  it('answers 404 for an unknown or malformed token and 410 once the document is revoked', async () => {
    for (const token of [randomBytes(32).toString('base64url'), 'short', `${'A'.repeat(43)}x`]) {
      const res = await request(t.app).get(`/d/${token}`).set('X-Forwarded-For', freshClient());
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'not_found' });
    }
    const doc = await sign();
    const revoked = await request(t.app).post(`/api/v1/documents/${doc.id}/revoke`).set(bearer(t.revokeKeys.demo)).send({ reason: 'issued in error' });
    expect(revoked.status).toBe(200);
    const res = await request(t.app).get(`/d/${doc.token}`).set('X-Forwarded-For', freshClient());
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 410, code: 'link_expired' });
  });

  it('shows a browser what happened and whom to ask, Chinese first, where an API client gets JSON', async () => {
    const page = async (token: string, status: number) => {
      const res = await request(t.app).get(`/d/${token}`).set('X-Forwarded-For', freshClient()).set('Accept', 'text/html');
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      return res.text;
    };
    const expectOrder = (text: string, ...parts: string[]) => {
      for (const part of parts) expect(text).toContain(part);
      const at = parts.map((p) => text.indexOf(p));
      expect(at).toEqual([...at].sort((a, b) => a - b));
    };
    const usedUp = await sign({ linkMaxDownloads: '1' });
    expect((await fetchLink(usedUp.token)).status).toBe(200);
    expectOrder(await page(usedUp.token, 410), '此下载链接的下载次数已用完', 'This download link has been used up', '请向示范市民政局申请新的链接', 'Ask Demo City Civil Affairs Bureau for a new link.', 'link_expired');

    const expiring = await sign({ linkExpiresInHours: '1' });
    now += 2 * HOUR;
    expectOrder(await page(expiring.token, 410), '此下载链接已过期', 'This download link has expired', '请向示范市民政局申请新的链接', 'Ask Demo City Civil Affairs Bureau for a new link.');

    const revoked = await sign();
    await request(t.app).post(`/api/v1/documents/${revoked.id}/revoke`).set(bearer(t.revokeKeys.demo)).send({ reason: 'issued in error' });
    expectOrder(await page(revoked.token, 410), '此链接对应的文件已被撤销', 'The document of this link was revoked', '请向示范市民政局咨询', 'Ask Demo City Civil Affairs Bureau about the document');

    // Nothing is known about an unknown token, so the page names no department.
    const unknown = await page(randomBytes(32).toString('base64url'), 404);
    expectOrder(unknown, '未找到此下载链接', 'Download link not found', '请向签发单位申请新的链接', 'ask the department that issued it for a new link', 'not_found');
    expect(unknown).not.toContain('示范市民政局');
    const json = await request(t.app).get(`/d/${usedUp.token}`).set('X-Forwarded-For', freshClient());
    expect(json.body).toEqual({ error: { code: 'link_expired', message: 'this link has been used up' } });
  });

  it('refuses bad link options with 400 invalid_request naming the field', async () => {
    for (const [field, value] of [
      ['linkMaxDownloads', '0'],
      ['linkMaxDownloads', 'many'],
      ['linkMaxDownloads', '10001'],
      ['linkExpiresInHours', '-1'],
      ['linkExpiresInHours', '1.5'],
      ['linkExpiresInHours', '87601'],
    ] as const) {
      const res = await request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', pdf, 'in.pdf').field(field, value);
      expect({ field, value, status: res.status, code: res.body.error?.code }).toEqual({ field, value, status: 400, code: 'invalid_request' });
      expect(res.body.error.message).toContain(field);
    }
  });

  it('keeps tokens only hashed: no collection holds a token in clear or as base64', async () => {
    const doc = await sign({ linkMaxDownloads: '5' });
    expect((await fetchLink(doc.token)).status).toBe(200);
    const forms = [doc.token, Buffer.from(doc.token, 'base64url').toString('base64'), Buffer.from(doc.token, 'base64url').toString('hex')];
    const collections = await t.conn.db!.listCollections().toArray();
    expect(collections.map((c) => c.name)).toEqual(expect.arrayContaining(['applicant_links', 'applicant_link_downloads', 'audit_events', 'documents']));
    for (const { name } of collections) {
      const text = JSON.stringify(await t.conn.collection(name).find({}).toArray());
      for (const form of forms) expect(text, `${name} holds the token`).not.toContain(form);
    }
    const row = await t.conn.collection('applicant_links').findOne({ documentId: doc.id });
    expect(row).toMatchObject({ tokenHash: createHash('sha256').update(doc.token).digest('hex'), department: 'demo', maxDownloads: 5, downloads: 1 });
    expect(JSON.stringify(t.logLines)).not.toContain(doc.token);
  });

  it('audits each applicant download with the public client address and the document, never the token', async () => {
    const doc = await sign();
    const client = '192.0.2.77';
    expect((await fetchLink(doc.token, client)).status).toBe(200);
    const [event] = await t.conn.collection('audit_events').find({ type: 'applicant-link.download', documentId: doc.id }).toArray();
    expect(event).toMatchObject({ actor: { kind: 'public', address: client }, details: { download: 1 } });
    expect(JSON.stringify(event)).not.toContain(doc.token);
  });

  it('rate limits /d/ and /v/ per client: 429 with Retry-After past the limit, another client unaffected', async () => {
    const limit = VERIFY_LIMIT * 10;
    for (const path of [`/d/${randomBytes(32).toString('base64url')}`, `/v/${'b'.repeat(26)}`]) {
      const client = freshClient();
      for (let i = 0; i < limit; i++) expect((await request(t.app).get(path).set('X-Forwarded-For', client)).status).toBe(404);
      const over = await request(t.app).get(path).set('X-Forwarded-For', client);
      expect({ status: over.status, code: over.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((await request(t.app).get(path).set('X-Forwarded-For', freshClient())).status).toBe(404);
    }
  });

  it('does not use up a download on HEAD, and keeps a mangled token out of the logs', async () => {
    const doc = await sign({ linkMaxDownloads: '1' });
    const head = await request(t.app).head(`/d/${doc.token}`).set('X-Forwarded-For', freshClient());
    expect({ status: head.status, allow: head.headers.allow }).toEqual({ status: 405, allow: 'GET' });
    const mangled = await request(t.app).get(`/d/${doc.token}%`).set('X-Forwarded-For', freshClient());
    expect({ status: mangled.status, code: mangled.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(JSON.stringify(t.logLines)).not.toContain(doc.token);
    expect((await fetchLink(doc.token)).status).toBe(200);
    const events = await t.conn.collection('audit_events').countDocuments({ type: 'applicant-link.download', documentId: doc.id });
    expect(events).toBe(1);
  });

  it('routes case-sensitively: /D/<token>, /V/<id> and other spellings are 404, and no log line or answer holds the token', async () => {
    const doc = await sign();
    const spellings = [`/D/${doc.token}`, `/D/${doc.token}/`, `/%64/${doc.token}`, `//d/${doc.token}`, `/d/x/${doc.token}`, `/d/${doc.token}?a=1`.replace('/d/', '/D/')];
    for (const path of spellings) {
      const res = await request(t.app).get(path).set('X-Forwarded-For', freshClient()).set('Accept', 'text/html');
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text, path).not.toContain(doc.token);
      const json = await request(t.app).get(path).set('X-Forwarded-For', freshClient());
      expect({ path, code: json.body.error?.code }).toEqual({ path, code: 'not_found' });
      expect(JSON.stringify(json.body), path).not.toContain(doc.token);
    }
    for (const path of [`/V/${doc.id}`, `/v/${doc.id}`.toUpperCase(), `/API/v1/documents/${doc.id}`, '/Healthz', '/Static/docseal.css']) {
      const res = await request(t.app).get(path).set(bearer(t.keys.demo)).set('X-Forwarded-For', freshClient());
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const logged = t.logLines.filter((l) => l.msg === 'request done').map((l) => String(l.path));
    expect(logged).toContain(`/D/[token]`);
    expect(logged).toContain(`/%64/[token]`);
    expect(JSON.stringify(t.logLines)).not.toContain(doc.token);
    // The link itself still works, and was not used up by the misspellings.
    expect((await fetchLink(doc.token)).status).toBe(200);
  });
});
