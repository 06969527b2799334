import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfStream, dict, name, type PdfRef } from '../../../src/core/pdf/objects.js';
import { locatePage, pageInfo } from '../../../src/core/pdf/pages.js';
import type { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { makePlainInput, qpdfEncrypt } from '../../helpers/encrypted-fixtures.js';
import { makeTempDir, removeDir } from '../../helpers/tool-run.js';
import { appendRaw, openPdf } from '../../attacks/lib/raw.js';

/**
 * ISO 32000-1 §7.6.3.1 Table 20: /EncryptMetadata false leaves the document-level metadata stream
 * (the catalog's /Metadata) in clear. poppler and MuPDF decrypt every other stream, whatever its
 * /Type says. A page content stream encrypted with the document key and typed /Metadata is text to
 * them; a reader that exempts every stream typed /Metadata reads its ciphertext instead, so it sees
 * no text where they draw some (the seal placement and the after-certification overlap check read
 * page content this way).
 */
function contentOf(file: PdfFile): { ref: PdfRef; data: Buffer } {
  const page = pageInfo(file, locatePage(file, 0).ref);
  let c = page.dict.get('Contents');
  if (Array.isArray(c)) c = c[0];
  return { ref: c as PdfRef, data: file.decode(file.resolve(c) as PdfStream) };
}

async function metadataTypedPage(): Promise<{ pdf: Buffer; text: string }> {
  const enc = await qpdfEncrypt(await makePlainInput(), 'aes-128', { clearMetadata: true });
  const f = openPdf(enc);
  const { ref, data } = contentOf(f);
  const cipher = f.crypt!.encrypt(new PdfStream(dict({ Length: data.length }), data, 0), ref, Buffer.from('forger'));
  const typed = new PdfStream(dict({ Type: name('Metadata'), Length: cipher.data.length }), cipher.data, 0);
  return { pdf: appendRaw(enc, [{ num: ref.num, body: typed }]).bytes, text: data.toString('latin1') };
}

describe('a stream typed /Metadata that is not the document metadata, under /EncryptMetadata false', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('docseal-metadata-typed-');
  });
  afterAll(() => removeDir(dir));

  it('is decrypted, as poppler and MuPDF read it', async () => {
    const { pdf, text } = await metadataTypedPage();
    const path = join(dir, 'typed.pdf');
    writeFileSync(path, pdf);
    expect(execFileSync('pdftotext', [path, '-']).toString()).toContain('First page');
    expect(execFileSync('mutool', ['draw', '-F', 'txt', path], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()).toContain('First page');
    expect(contentOf(openPdf(pdf)).data.toString('latin1')).toBe(text);
  });
});
