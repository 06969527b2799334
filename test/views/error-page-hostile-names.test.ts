import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderErrorPage } from '../../src/views/error-page.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('error pages', () => {
  // FAILED before the fix in this branch: String.replace with a string treats `$&`, `$'` and `` $` ``
  // in the department's name as replacement patterns, so the name printed was garbled.
  it('prints a department name with $ patterns as it is', () => {
    const page = renderErrorPage({ page: 'link_expired', code: 'link_expired', message: 'm', department: { zh: '甲$&乙', en: "Dept $' of $`x" } });
    expect(page).toContain('甲$&amp;乙');
    expect(page).toContain('Dept $&#39; of $&#96;x');
    expect(page).not.toContain('{department}');
  });

  it('escapes markup and keeps bidi controls inert in a department name', () => {
    const page = renderErrorPage({ page: 'link_revoked', code: 'link_revoked', message: '<b>x</b>', department: { zh: '<script>alert(1)</script>', en: '\u202Eevil' } });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;script&gt;');
  });
});

describe('JSON or HTML for an error, by Accept', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('review_error_negotiation');
  });
  afterAll(async () => {
    await t?.close();
  });

  const kind = async (accept: string | undefined): Promise<string> => {
    const r = request(t.app).get('/no-such-page');
    const res = await (accept === undefined ? r.unset('Accept') : r.set('Accept', accept));
    expect(res.status).toBe(404);
    return String(res.headers['content-type']).split(';')[0]!;
  };

  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['text/html;q=0.1', 'text/html'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/html'],
    ['application/json;q=0.5, text/html', 'text/html'],
    ['image/png', 'application/json'],
  ])('Accept %s gets %s', async (accept, type) => {
    expect(await kind(accept)).toBe(type);
  });

  it('a browser’s error page obeys the CSP: no inline script or style', async () => {
    const res = await request(t.app).get('/no-such-page').set('Accept', 'text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)|\sstyle=|\son\w+=/i);
  });
});
