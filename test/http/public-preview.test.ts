import { PNG } from 'pngjs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocsealError } from '../../src/core/errors.js';
import { createDocumentPreview, type PageImage, type PageRenderer } from '../../src/services/document-preview.js';
import { openPreviewRepository } from '../../src/storage/preview-repository.js';
import { PREVIEW_RENDERER_OPTIONS, WorkerPageRenderer } from '../../src/workers/page-renderer.js';
import { binary } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../helpers/test-app.js';
import { decodeQr, inkRatio } from '../helpers/verifiers.js';

const CSP = "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;form-action 'self';base-uri 'none';frame-ancestors 'none'";

/** The service's own MuPDF renderer, counted; `failNext` makes the next call fail as a stuck page would. */
class CountingRenderer implements PageRenderer {
  calls = 0;
  failNext = false;
  constructor(private readonly real: PageRenderer) {}
  async render(pdf: Buffer, page: number): Promise<PageImage> {
    this.calls++;
    if (this.failNext) {
      this.failNext = false;
      throw new DocsealError('limit_exceeded', 'Rendering the page took too long.');
    }
    return this.real.render(pdf, page);
  }
}

describe('the preview of the seal page on /v/<id> (real app, real database, MuPDF)', () => {
  let t: TestApp;
  let real: WorkerPageRenderer;
  let renderer: CountingRenderer;
  let original: Buffer;

  beforeAll(async () => {
    real = new WorkerPageRenderer(PREVIEW_RENDERER_OPTIONS);
    renderer = new CountingRenderer(real);
    // demo-ec's department.json allows previews; demo's says nothing (default: no preview).
    t = await startTestApp('http_public_preview', { publicPreview: ['demo-ec'], pageRenderer: renderer });
    original = await makePdfLibDoc({ pages: 2 });
  });
  afterAll(async () => {
    await t?.close();
    await real?.close();
  });

  const sign = async (department: 'demo' | 'demo-ec') => {
    const res = await request(t.app).post('/api/v1/documents').set('Authorization', `Bearer ${t.keys[department]}`).attach('file', original, 'in.pdf').field('title', 'Permit');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const preview = (id: string) => request(t.app).get(`/v/${id}/preview`).buffer(true).parse(binary);

  it('says what the page proves and what it does not, in Chinese then English, with the seal page shown', async () => {
    const doc = await sign('demo-ec');
    const res = await request(t.app).get(`/v/${doc.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CSP);
    const zh = `编号为 ${doc.id} 的文档由示范市市场监督管理局于`;
    const en = `Document ${doc.id} was issued by Demo City Market Regulation Bureau on`;
    expect(res.text).toContain(zh);
    expect(res.text).toContain(en);
    expect(res.text.indexOf(zh)).toBeLessThan(res.text.indexOf(en));
    expect(res.text).toMatch(/签发，并在本服务登记；其当前状态为：有效。/);
    expect(res.text).toMatch(/registered with this service; its status is: Active\./);
    expect(res.text).toContain('本页不能证明您手中的纸质文件或电子文件就是该文档');
    expect(res.text).toContain('It does not prove that the paper or file in your hands is that document');
    expect(res.text).toContain('请将您手中的文件与下方登记文档盖章页的渲染图逐字比对');
    expect(res.text).toContain('Compare your copy word for word with the rendering');
    // Same origin, so the CSP's img-src 'self' lets it load; still no inline style or script.
    expect(res.text).toContain(`<img src="/v/${doc.id}/preview" alt="登记文档第 2 页（盖章所在页）的渲染图 / Rendering of page 2 of the registered document, the page the seal is on">`);
    expect(res.text).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    expect(res.text.match(/<script[^>]*>/g)).toEqual(['<script src="/static/verify-drop.js" defer>']);
  });

  it('serves the rendering as an image under 300 KiB whose seal carries the QR code of this document', async () => {
    const doc = await sign('demo-ec');
    const before = renderer.calls;
    const res = await preview(doc.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    const image = res.body as Buffer;
    expect(Number(res.headers['content-length'])).toBe(image.length);
    expect(image.length).toBeLessThanOrEqual(300 * 1024);
    expect(renderer.calls).toBe(before + 1);
    const png = PNG.sync.read(image);
    expect(Math.max(png.width, png.height)).toBe(1100);
    const sealCorner = { x: png.width / 2, y: (png.height * 3) / 4, w: png.width / 2, h: png.height / 4 };
    expect(inkRatio(image, sealCorner)).toBeGreaterThan(0.02);
    expect(decodeQr(image, sealCorner)).toBe(`${TEST_BASE_URL}/v/${doc.id}`);
  });

  it('renders each document once: a second request, concurrent ones and another instance read the stored image', async () => {
    const doc = await sign('demo-ec');
    const before = renderer.calls;
    const first = await Promise.all([preview(doc.id), preview(doc.id), preview(doc.id)]);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(renderer.calls).toBe(before + 1);
    const again = await preview(doc.id);
    expect(again.status).toBe(200);
    expect((again.body as Buffer).equals(first[0]!.body as Buffer)).toBe(true);
    expect(renderer.calls).toBe(before + 1);
    // Another instance on the same database: no rendering state of its own, a renderer that must not run.
    const refuse: PageRenderer = { render: () => Promise.reject(new Error('rendered again')) };
    const other = createDocumentPreview({ previews: await openPreviewRepository(t.conn), blobs: t.services.blobs, renderer: refuse, clock: () => new Date() });
    const record = await t.services.documents.findById(doc.id);
    const outcome = await other(record!);
    expect(outcome.kind).toBe('ready');
  });

  it('keeps the preview of a revoked document, under its revoked status', async () => {
    const doc = await sign('demo-ec');
    const revoked = await request(t.app).post(`/api/v1/documents/${doc.id}/revoke`).set('Authorization', `Bearer ${t.revokeKeys['demo-ec']}`).send({ reason: 'Superseded' });
    expect(revoked.status).toBe(200);
    const page = await request(t.app).get(`/v/${doc.id}`);
    expect(page.text).toContain('其当前状态为：已撤销。');
    expect(page.text).toContain('its status is: Revoked.');
    expect(page.text).toContain(`<img src="/v/${doc.id}/preview"`);
    expect((await preview(doc.id)).status).toBe(200);
  });

  it('answers 404 where the department does not allow previews, and for an unknown or malformed id', async () => {
    const doc = await sign('demo');
    const before = renderer.calls;
    const page = await request(t.app).get(`/v/${doc.id}`);
    expect(page.text).not.toContain('/preview');
    expect(page.text).toContain('本页不能证明您手中的纸质文件或电子文件就是该文档');
    expect(page.text).toContain('Drop the file below to check its hash; for a paper copy, ask the issuing department to confirm its content.');
    expect(page.text).not.toContain('Compare your copy word for word');
    for (const id of [doc.id, 'a'.repeat(26), 'not-an-id']) {
      const res = await request(t.app).get(`/v/${id}/preview`);
      expect(res.status, id).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    expect(renderer.calls).toBe(before);
  });

  it('answers 404 when the page cannot be rendered, logs it, and does not retry at once', async () => {
    const doc = await sign('demo-ec');
    const before = renderer.calls;
    renderer.failNext = true;
    const failed = await request(t.app).get(`/v/${doc.id}/preview`);
    expect(failed.status).toBe(404);
    expect(t.logLines.some((l) => l.msg === 'preview rendering failed' && l.documentId === doc.id)).toBe(true);
    const later = await request(t.app).get(`/v/${doc.id}/preview`);
    expect(later.status).toBe(404);
    expect(renderer.calls).toBe(before + 1);
  });
});
