import { describe, expect, it } from 'vitest';
import { renderDocumentPage, type DocumentPageView } from '../../src/views/document-page.js';

const XSS = '<script>alert(1)</script>';

const view = (over: Partial<DocumentPageView> = {}): DocumentPageView => ({
  id: '01JDOCUMENTID0000000000000',
  department: { nameZh: '示范市民政局', nameEn: 'Demo City Civil Affairs Bureau' },
  title: undefined,
  signedAtText: '2026-11-27 11:20:05 +08:00',
  sha256Original: 'a'.repeat(64),
  sha256Signed: 'b'.repeat(64),
  status: 'active',
  revocationReason: undefined,
  downloadUrl: undefined,
  sealPage: 3,
  previewUrl: undefined,
  ...over,
});

/** The text of an element with this class, tags removed. */
function textOf(page: string, className: string): string {
  const match = new RegExp(`<section class="${className}"[^>]*>([\\s\\S]*?)</section>`).exec(page);
  return (match?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('the public document page', () => {
  it('states what it proves, the issuer, date and status filled in, and what it does not, Chinese before English', () => {
    const proof = textOf(renderDocumentPage(view({ status: 'revoked' })), 'proof');
    expect(proof).toContain('编号为 01JDOCUMENTID0000000000000 的文档由示范市民政局于 2026-11-27 11:20:05 +08:00 签发，并在本服务登记；其当前状态为：已撤销。');
    expect(proof).toContain(
      'Document 01JDOCUMENTID0000000000000 was issued by Demo City Civil Affairs Bureau on 2026-11-27 11:20:05 +08:00 and registered with this service; its status is: Revoked.',
    );
    expect(proof.indexOf('本页不能证明')).toBeLessThan(proof.indexOf('It does not prove'));
    expect(proof.indexOf('编号为')).toBeLessThan(proof.indexOf('Document 01J'));
  });

  it('sends the reader to the rendering when there is one, and to the hash check and the issuer when not', () => {
    const withPreview = renderDocumentPage(view({ previewUrl: '/v/01JDOCUMENTID0000000000000/preview' }));
    expect(textOf(withPreview, 'proof')).toContain('Compare your copy word for word with the rendering');
    expect(withPreview).toContain('<img src="/v/01JDOCUMENTID0000000000000/preview" alt="登记文档第 3 页（盖章所在页）的渲染图 / Rendering of page 3');
    expect(textOf(withPreview, 'preview')).toContain('not from your copy');
    const without = renderDocumentPage(view());
    expect(textOf(without, 'proof')).toContain('ask the issuing department to confirm its content');
    expect(without).not.toContain('<img');
    expect(without).not.toContain('class="preview"');
  });

  it('escapes the department names and the time inside the sentences', () => {
    const page = renderDocumentPage(view({ department: { nameZh: XSS, nameEn: XSS }, signedAtText: XSS }));
    expect(page).not.toContain(XSS);
    expect(page).toContain('由&lt;script&gt;alert(1)&lt;/script&gt;于');
  });
});
