import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, freshClient } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The pages a citizen opens on a phone, in a real browser at an iPhone-sized viewport (390 × 844 CSS
 * pixels): nothing may be wider than the screen, so no page scrolls sideways. Long hashes and ids wrap.
 * Screenshots go to a temporary directory, printed, for a person to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const WIDTH = 390;
const present = existsSync(CHROMIUM);
if (!present) console.warn(`skipping the narrow-screen browser test: ${CHROMIUM} is not installed (CI installs the Debian package chromium)`);

// .ci/run installs chromium: under CI its absence is a failure, not a reason to skip.
it.runIf(process.env.CI === 'true')('has chromium installed (.ci/run installs it)', () => {
  expect(present).toBe(true);
});

describe.skipIf(!present)('pages at 390 px wide in Chromium (real app, real database)', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let shots: string;
  let docId: string;
  let signed: Buffer;

  beforeAll(async () => {
    t = await startTestApp('browser_narrow', { publicDownload: ['demo'], trustProxy: 1 });
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    shots = mkdtempSync(join(tmpdir(), 'docseal-narrow-'));
    console.log(`narrow-screen screenshots: ${shots}`);
    const res = await request(t.app)
      .post('/api/v1/documents')
      .set(bearer(t.keys.demo))
      .field('title', '营业执照变更登记通知书 Notice of registration of a change to a business licence')
      .attach('file', await makePdfLibDoc({ pages: 1 }), 'in.pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    docId = String(res.body.id);
    const file = await request(t.app).get(`/api/v1/documents/${docId}/file`).set(bearer(t.keys.demo)).buffer(true);
    signed = file.body as Buffer;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  async function phonePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    return context.newPage();
  }

  /** The page's width as laid out, its console's CSP complaints, and a full-page screenshot. */
  async function measure(page: Page, name: string): Promise<{ scrollWidth: number; cspViolations: string[] }> {
    const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    return { scrollWidth, cspViolations: [] };
  }

  /** Collects the browser's reports of anything the Content-Security-Policy blocked. */
  function watchCsp(page: Page): string[] {
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    return blocked;
  }

  it('the HTML verification report fits: no sideways scrolling, the stylesheet applied under the CSP', async () => {
    // The report is the answer to a POST; the browser is handed that very answer, headers included.
    const answer = await request(t.app).post('/api/v1/verify').set('Accept', 'text/html').set('X-Forwarded-For', freshClient()).attach('file', signed, 'signed.pdf');
    expect(answer.status).toBe(200);
    const page = await phonePage();
    const blocked = watchCsp(page);
    await page.route(`${base}/report`, (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': answer.headers['content-type']!, 'content-security-policy': answer.headers['content-security-policy']! }, body: answer.text }),
    );
    await page.goto(`${base}/report`);
    expect(await page.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor")).toBe('rgb(255, 255, 255)');
    expect(await page.textContent('body')).toContain('示范市民政局');
    const { scrollWidth } = await measure(page, 'report');
    expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(blocked).toEqual([]);
  });

  it('the public page /v/<id> fits', async () => {
    const page = await phonePage();
    const blocked = watchCsp(page);
    const res = await page.goto(`${base}/v/${docId}`);
    expect(res?.status()).toBe(200);
    const { scrollWidth } = await measure(page, 'public-page');
    expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(blocked).toEqual([]);
  });

  it('an error page (an unknown applicant link) fits', async () => {
    const page = await phonePage();
    const res = await page.goto(`${base}/d/${'A'.repeat(43)}`);
    expect(res?.status()).toBe(404);
    const { scrollWidth } = await measure(page, 'link-not-found');
    expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
  });
});
