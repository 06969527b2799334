import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { binary } from '../helpers/http-calls.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const CSP = "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;form-action 'self';base-uri 'none';frame-ancestors 'none'";
const XSS = '<script>alert(1)</script>';

describe('the public page /v/<id> (real app, real database)', () => {
  let t: TestApp;
  let original: Buffer;

  beforeAll(async () => {
    // demo-ec's department.json allows public download; demo's says nothing (default: no download).
    t = await startTestApp('http_public_pages', { publicDownload: ['demo-ec'] });
    original = await makePdfLibDoc({ pages: 1 });
  });
  afterAll(async () => t?.close());

  const sign = async (department: 'demo' | 'demo-ec', fields: Record<string, string> = {}) => {
    let req = request(t.app).post('/api/v1/documents').set('Authorization', `Bearer ${t.keys[department]}`).attach('file', original, 'in.pdf');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const res = await req;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; sha256: { original: string; signed: string } };
  };

  it('shows issuer, title, time, both hashes and status, with every value escaped, under the CSP', async () => {
    const doc = await sign('demo', { title: XSS, applicantRef: 'APPLICANT-SECRET-7' });
    const res = await request(t.app).get(`/v/${doc.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toContain(XSS);
    for (const shown of ['示范市民政局', 'Demo City Civil Affairs Bureau', doc.sha256.original, doc.sha256.signed, doc.id, '有效', 'Active', '+08:00']) {
      expect(res.text).toContain(shown);
    }
    expect(res.text).not.toContain('APPLICANT-SECRET-7');
    // What the page proves and what it cannot, Chinese first; without a preview the reader is sent to the hash.
    const proves = { zh: `编号为 ${doc.id} 的文档由示范市民政局于`, en: `Document ${doc.id} was issued by Demo City Civil Affairs Bureau on` };
    expect(res.text.indexOf(proves.zh)).toBeGreaterThan(0);
    expect(res.text.indexOf(proves.en)).toBeGreaterThan(res.text.indexOf(proves.zh));
    expect(res.text).toContain('本页不能证明您手中的纸质文件或电子文件就是该文档');
    expect(res.text).toContain('It does not prove that the paper or file in your hands is that document');
    expect(res.text).toContain('Drop the file below to check its hash');
    expect(res.text).not.toContain('<img');
    // No inline script or style for the CSP to block: scripts only by src, no style or on… attributes.
    const scripts = res.text.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script src="/static/verify-drop.js" defer>']);
    expect(res.text).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    expect(res.text).toContain(`data-sha256-signed="${doc.sha256.signed}"`);
    // The department's policy says nothing: no download link, and the URL does not serve the file.
    expect(res.text).not.toContain(`/v/${doc.id}/file`);
    const file = await request(t.app).get(`/v/${doc.id}/file`);
    expect(file.status).toBe(404);
    expect(file.headers['content-type']).toMatch(/^text\/html/);
  });

  it('offers the download where the department allows it, and serves exactly the signed file', async () => {
    const doc = await sign('demo-ec', { title: 'Permit' });
    const page = await request(t.app).get(`/v/${doc.id}`);
    expect(page.text).toContain(`href="/v/${doc.id}/file"`);
    const file = await request(t.app).get(`/v/${doc.id}/file`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(sha256(file.body as Buffer)).toBe(doc.sha256.signed);
  });

  it('shows a revoked status with its reason, escaped', async () => {
    const doc = await sign('demo');
    const revoked = await request(t.app)
      .post(`/api/v1/documents/${doc.id}/revoke`)
      .set('Authorization', `Bearer ${t.revokeKeys.demo}`)
      .send({ reason: `Superseded ${XSS} & reissued` });
    expect(revoked.status).toBe(200);
    const res = await request(t.app).get(`/v/${doc.id}`);
    expect(res.text).toContain('已撤销');
    expect(res.text).toContain('Revoked');
    expect(res.text).toContain('Superseded &lt;script&gt;alert(1)&lt;/script&gt; &amp; reissued');
    expect(res.text).not.toContain(XSS);
  });

  it('answers an HTML 404 for an unknown or malformed id', async () => {
    for (const id of ['a'.repeat(26), 'not-an-id', '%3Cscript%3E']) {
      const res = await request(t.app).get(`/v/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.text).toContain('Document not found');
      expect(res.text).toContain('未找到文档');
      // What to do next, Chinese first.
      expect(res.text.indexOf('请重新扫描二维码')).toBeGreaterThan(0);
      expect(res.text.indexOf('Scan the QR code again')).toBeGreaterThan(res.text.indexOf('请重新扫描二维码'));
      expect(res.text).not.toContain('<script>');
    }
  });

  it('serves the stylesheet and the drop-zone script, which hashes with WebCrypto and uploads nothing', async () => {
    const css = await request(t.app).get('/static/docseal.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const js = await request(t.app).get('/static/verify-drop.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.text).toContain("crypto.subtle.digest('SHA-256'");
    expect(js.text).not.toMatch(/fetch\(|XMLHttpRequest|sendBeacon|innerHTML/);
  });

  it('shows a browser an error page, escaped and under the same CSP, where an API client gets JSON', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const page = await request(t.app).post('/api/v1/verify').set('Accept', 'text/html').attach('file', png, '<b>x</b>.pdf');
    expect(page.status).toBe(415);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.text).toContain('not_pdf');
    expect(page.text).toContain('无法处理此请求。');
    expect(page.text).toContain('请返回后重试');
    expect(page.text).not.toContain('<b>x</b>');
    const api = await request(t.app).post('/api/v1/verify').attach('file', png, 'x.pdf');
    expect({ status: api.status, code: api.body.error?.code }).toEqual({ status: 415, code: 'not_pdf' });
  });
});
