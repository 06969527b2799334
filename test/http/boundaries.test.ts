import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, binary } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Call = { readonly name: string; readonly send: (key: string | undefined) => request.Test };

/**
 * Issue 4 item 2: every endpoint checks its role, a revoked key is refused, and a department never sees,
 * downloads, revokes or audits another department's document: the answer is the unknown id's answer.
 */
describe('department boundaries and roles (real app, real database)', () => {
  let t: TestApp;
  let pdf: Buffer;
  let demoDoc: string;
  let ecDoc: string;
  let signOnly: string;
  let verifyOnly: string;
  const unknownId = 'a'.repeat(26);

  const withKey = (test: request.Test, key: string | undefined) => (key === undefined ? test : test.set(bearer(key)));
  const calls = (id: string): Call[] => [
    { name: 'sign', send: (k) => withKey(request(t.app).post('/api/v1/documents'), k).attach('file', pdf, 'in.pdf') },
    { name: 'record', send: (k) => withKey(request(t.app).get(`/api/v1/documents/${id}`), k) },
    { name: 'file', send: (k) => withKey(request(t.app).get(`/api/v1/documents/${id}/file`), k) },
    { name: 'revoke', send: (k) => withKey(request(t.app).post(`/api/v1/documents/${id}/revoke`), k).send({ reason: 'test' }) },
    { name: 'audit', send: (k) => withKey(request(t.app).get('/api/v1/audit'), k) },
    { name: 'audit verify', send: (k) => withKey(request(t.app).get('/api/v1/audit/verify'), k) },
  ];

  beforeAll(async () => {
    t = await startTestApp('http_boundaries');
    pdf = await makePdfLibDoc({ pages: 1 });
    signOnly = (await t.services.apiKeys.create('demo', ['sign'])).key;
    verifyOnly = (await t.services.apiKeys.create('demo', ['verify'])).key;
    const signed = await Promise.all(
      (['demo', 'demo-ec'] as const).map((d) => request(t.app).post('/api/v1/documents').set(bearer(t.keys[d])).attach('file', pdf, 'in.pdf')),
    );
    for (const res of signed) expect(res.status, JSON.stringify(res.body)).toBe(201);
    [demoDoc, ecDoc] = signed.map((res) => res.body.id as string) as [string, string];
  });
  afterAll(async () => t?.close());

  it("answers another department's document exactly as an unknown id, on every document endpoint", async () => {
    for (const [key, revokeKey, foreign] of [
      [t.keys['demo-ec'], t.revokeKeys['demo-ec'], demoDoc],
      [t.keys.demo, t.revokeKeys.demo, ecDoc],
    ] as const) {
      for (const call of calls(foreign).filter((c) => ['record', 'file', 'revoke'].includes(c.name))) {
        const k = call.name === 'revoke' ? revokeKey : key;
        const across = await call.send(k);
        const unknown = await calls(unknownId).find((c) => c.name === call.name)!.send(k);
        expect({ call: call.name, status: across.status, body: across.body }).toEqual({ call: call.name, status: 404, body: unknown.body });
        expect(unknown.status).toBe(404);
      }
    }
    // The refused revocations changed nothing.
    for (const [id, key] of [[demoDoc, t.keys.demo], [ecDoc, t.keys['demo-ec']]] as const) {
      const own = await request(t.app).get(`/api/v1/documents/${id}`).set(bearer(key));
      expect(own.body.status).toBe('active');
    }
  });

  it("filtering the audit by another department's document gives no events, like an unknown id", async () => {
    const own = await request(t.app).get(`/api/v1/audit?documentId=${demoDoc}`).set(bearer(t.keys.demo));
    expect(own.status).toBe(200);
    expect(own.body.events.map((e: { type: string }) => e.type)).toContain('sign');
    for (const id of [demoDoc, unknownId]) {
      const res = await request(t.app).get(`/api/v1/audit?documentId=${id}`).set(bearer(t.keys['demo-ec']));
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { events: [], nextBefore: null } });
    }
    const ecAll = await request(t.app).get('/api/v1/audit').set(bearer(t.keys['demo-ec']));
    expect(ecAll.body.events.length).toBeGreaterThan(0);
    for (const event of ecAll.body.events) {
      expect(event.actor.department).toBe('demo-ec');
      expect(event.documentId).not.toBe(demoDoc);
    }
  });

  it('403 forbidden for a key without the role each endpoint needs', async () => {
    const lacking: Record<string, string> = {
      sign: t.readOnlyKey, // read only
      record: signOnly,
      file: signOnly,
      revoke: t.keys.demo, // sign and read
      audit: signOnly,
      'audit verify': verifyOnly,
    };
    for (const call of calls(demoDoc)) {
      const res = await call.send(lacking[call.name]);
      expect({ call: call.name, status: res.status, code: res.body.error?.code }).toEqual({ call: call.name, status: 403, code: 'forbidden' });
    }
    const verifyWithoutRole = await request(t.app).post('/api/v1/verify').set(bearer(t.keys.demo)).attach('file', pdf, 'in.pdf');
    expect({ status: verifyWithoutRole.status, code: verifyWithoutRole.body.error?.code }).toEqual({ status: 403, code: 'forbidden' });
  });

  it('401 without a key, with a malformed one, and with a revoked one, on every endpoint', async () => {
    const created = await t.services.apiKeys.create('demo', ['sign', 'read', 'revoke', 'verify']);
    expect((await calls(demoDoc).find((c) => c.name === 'record')!.send(created.key)).status).toBe(200);
    await t.services.apiKeys.revoke(created.keyId);
    for (const key of [undefined, 'ds_nonsense', created.key]) {
      for (const call of calls(demoDoc)) {
        const res = await call.send(key);
        expect({ call: call.name, status: res.status, code: res.body.error?.code }).toEqual({ call: call.name, status: 401, code: 'unauthorized' });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    // Verify is public without a key, but a key that is sent must be valid.
    const revokedVerify = await request(t.app).post('/api/v1/verify').set(bearer(created.key)).attach('file', pdf, 'in.pdf');
    expect(revokedVerify.status).toBe(401);
  });

  it('verifies publicly without a key, and as the department with a verify key (audited as such)', async () => {
    const file = await request(t.app).get(`/api/v1/documents/${demoDoc}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary);
    const anonymous = await request(t.app).post('/api/v1/verify').attach('file', file.body as Buffer, 'x.pdf');
    expect(anonymous.status).toBe(200);
    const asDepartment = await request(t.app).post('/api/v1/verify').set(bearer(verifyOnly)).attach('file', file.body as Buffer, 'x.pdf');
    expect(asDepartment.status).toBe(200);
    expect(asDepartment.body.verdict).toBe('valid');
    const events = await t.services.audit.list({ department: 'demo', documentId: demoDoc, limit: 10 });
    expect(events[0]).toMatchObject({ type: 'verify', actor: { kind: 'department', department: 'demo' }, details: { verdict: 'valid' } });
  });
});
