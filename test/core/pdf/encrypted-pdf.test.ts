import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { PdfDict, PdfRef, PdfStream, PdfString } from '../../../src/core/pdf/objects.js';
import { locatePage, pageInfo } from '../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { decodeText } from '../../../src/core/pdf/text-string.js';
import { makePlainInput, qpdfEncrypt, TITLE, XMP, type Encryption } from '../../helpers/encrypted-fixtures.js';

let plain: Buffer;
beforeAll(async () => {
  plain = await makePlainInput();
});

const open = (pdf: Buffer): PdfFile => PdfFile.open(pdf, DEFAULT_PDF_LIMITS);

function pageContent(file: PdfFile, index: number): string {
  const page = pageInfo(file, locatePage(file, index).ref);
  let c = file.get(page.dict, 'Contents');
  if (Array.isArray(c)) c = file.resolve(c[0]);
  return file.decode(c as PdfStream).toString('latin1');
}

function title(file: PdfFile): string {
  const info = file.resolve(file.trailer.get('Info')) as PdfDict;
  return decodeText(info.get('Title') as PdfString);
}

/** The /Info title as the file's bytes spell it, not decrypted. */
function rawTitle(file: PdfFile): Buffer {
  const entry = file.entry((file.trailer.get('Info') as PdfRef).num);
  if (entry?.type !== 'offset') throw new Error('/Info is not at an offset');
  return Buffer.from(((file.readObjectAt(entry.offset, undefined).value as PdfDict).get('Title') as PdfString).bytes);
}

function metadata(file: PdfFile): string {
  return file.decode(file.get(file.catalog(), 'Metadata') as PdfStream).toString('latin1');
}

/** A same-length edit of the file's bytes, so every offset stays right. */
function patch(pdf: Buffer, from: string | RegExp, to: (found: string) => string): Buffer {
  const text = pdf.toString('latin1');
  const m = typeof from === 'string' ? (text.includes(from) ? from : undefined) : from.exec(text)?.[0];
  if (!m) throw new Error(`nothing to patch: ${String(from)}`);
  const replacement = to(m);
  expect(replacement).toHaveLength(m.length);
  return Buffer.from(text.replace(m, replacement), 'latin1');
}

/** A one-page classic PDF written by hand with `trailerExtra` in its trailer. */
function minimalPdf(trailerExtra: string): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.7\n';
  const offsets = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 4\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  out += `trailer\n<< /Size 4 /Root 1 0 R ${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('reading encrypted PDFs that open with the empty user password', () => {
  const kinds: Encryption[] = ['rc4-40', 'rc4-128', 'aes-128', 'aes-256', 'aes-256-r5'];
  for (const kind of kinds) {
    it(`${kind}: strings and streams read as the unencrypted original's`, async () => {
      const enc = await qpdfEncrypt(plain, kind);
      const file = open(enc);
      expect(rawTitle(file).toString('latin1')).not.toContain('E\u0000n\u0000c');
      const original = open(plain);
      expect(file.crypt).toBeDefined();
      expect(pageContent(file, 0)).toBe(pageContent(original, 0));
      expect(pageContent(file, 1)).toBe(pageContent(original, 1));
      expect(title(file)).toBe(TITLE);
      expect(metadata(file)).toBe(XMP);
    });
  }

  it('an unencrypted file has no security handler', () => {
    expect(open(plain).crypt).toBeUndefined();
  });

  it('objects inside object streams of an encrypted file (the stream is decrypted, its members are not again)', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-256', { objectStreams: true });
    const file = open(enc);
    expect(file.sections[0]!.kind).toBe('stream');
    expect([...file.sections[0]!.entries.values()].some((e) => e.type === 'compressed')).toBe(true);
    expect(title(file)).toBe(TITLE);
    expect(pageContent(file, 1)).toBe(pageContent(open(plain), 1));
  });

  it('/EncryptMetadata false: the metadata stream is read as written, the rest decrypted', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-128', { clearMetadata: true });
    expect(enc.toString('latin1')).toContain(XMP);
    const file = open(enc);
    expect(metadata(file)).toBe(XMP);
    expect(title(file)).toBe(TITLE);
    // The key differs (Algorithm 2 step f), so nothing else would decrypt if the flag were ignored.
    expect(pageContent(file, 0)).toBe(pageContent(open(plain), 0));
  });

  it('the strings of the /Encrypt dictionary are taken as written', async () => {
    const enc = await qpdfEncrypt(plain, 'aes-128');
    const file = open(enc);
    const ref = file.trailer.get('Encrypt') as PdfRef;
    const entry = file.entry(ref.num);
    if (entry?.type !== 'offset') throw new Error('the /Encrypt dictionary is not at an offset');
    const raw = file.readObjectAt(entry.offset, ref.num).value as PdfDict;
    const read = file.getObject(ref.num) as PdfDict;
    for (const key of ['O', 'U']) expect(Buffer.from((read.get(key) as PdfString).bytes)).toEqual(Buffer.from((raw.get(key) as PdfString).bytes));
  });
});

describe('encrypted PDFs docseal cannot read answer with a stable code and a reason', () => {
  const refused = (pdf: Buffer, code: string, message: RegExp): void => {
    expect(() => open(pdf)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  };

  it('a file that needs a user password: encrypted_pdf, saying so', async () => {
    for (const kind of ['rc4-128', 'aes-128', 'aes-256'] as const) refused(await qpdfEncrypt(plain, kind, { user: 'secret' }), 'encrypted_pdf', /needs a password/);
  });

  it('a malformed encryption dictionary: encrypted_pdf naming what is wrong', async () => {
    const aes = await qpdfEncrypt(plain, 'aes-128');
    refused(patch(aes, /\/U <[0-9a-f]{64}>/, (u) => `${u.slice(0, -5)}    >`), 'encrypted_pdf', /\/U is 30 bytes, at least 32 expected/);
    refused(patch(await qpdfEncrypt(plain, 'aes-256'), /\/UE <[0-9a-f]{64}>/, (u) => `${u.slice(0, -5)}    >`), 'encrypted_pdf', /\/UE is 30 bytes/);
    refused(patch(aes, '/ID [', () => '/XX ['), 'encrypted_pdf', /no \/ID/);
    refused(patch(aes, '/StmF /StdCF', () => '/StmF /OthCF'), 'encrypted_pdf', /\/StmF names \/OthCF/);
    refused(patch(aes, '/R 4', () => '/X 4'), 'encrypted_pdf', /\/V or \/R is missing/);
  });

  it('another security handler or an unknown algorithm: unsupported_pdf', async () => {
    const aes = await qpdfEncrypt(plain, 'aes-128');
    refused(patch(aes, '/Filter /Standard', () => '/Filter /PubSecXY'), 'unsupported_pdf', /\/PubSecXY security handler/);
    refused(patch(aes, '/V 4', () => '/V 3'), 'unsupported_pdf', /\/V 3, \/R 4/);
    refused(patch(aes, '/CFM /AESV2', () => '/CFM /AESV9'), 'unsupported_pdf', /\/AESV9/);
  });

  it('odd encryption dictionaries get a code and a reason, never a crash', () => {
    const h32 = `<${'ab'.repeat(32)}>`;
    const h48 = `<${'ab'.repeat(48)}>`;
    const id = `/ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`;
    const cases: [string, string, RegExp][] = [
      [`/Encrypt 7 ${id}`, 'encrypted_pdf', /not a dictionary/],
      [`/Encrypt << /Filter /Standard /V 2 /R 3 /O 5 /U ${h32} /P -4 >> ${id}`, 'encrypted_pdf', /\/O is missing/],
      [`/Encrypt << /Filter /Standard /V 2 /R 3 /Length 41 /O ${h32} /U ${h32} /P -4 >> ${id}`, 'encrypted_pdf', /\/Length 41/],
      [`/Encrypt << /Filter /Standard /V 2 /R 3 /O ${h32} /U ${h32} /P 1.5 >> ${id}`, 'encrypted_pdf', /\/P is not a 32-bit integer/],
      [`/Encrypt << /Filter /Standard /V 2 /R 3 /O ${h32} /U ${h32} /P 4294967296 >> ${id}`, 'encrypted_pdf', /\/P is not a 32-bit integer/],
      [`/Encrypt << /Filter /Standard /V 4 /R 4 /CF 3 /StmF /StdCF /O ${h32} /U ${h32} /P -4 >> ${id}`, 'encrypted_pdf', /\/StmF names \/StdCF/],
      [`/Encrypt << /Filter /Standard /V 4 /R 4 /StmF 9 /O ${h32} /U ${h32} /P -4 >> ${id}`, 'encrypted_pdf', /\/StmF is not a name/],
      [`/Encrypt << /Filter /Standard /V 5 /R 6 /O ${h48} /U ${h32} /OE ${h32} /UE ${h32} /P -4 >>`, 'encrypted_pdf', /\/U is 32 bytes, at least 48/],
      [`/Encrypt << /Filter /Standard /V 5 /R 6 /O ${h48} /U ${h48} /P -4 >>`, 'encrypted_pdf', /\/OE is missing/],
      [`/Encrypt << /Filter /Standard /V 5 /R 6 /O ${h48} /U ${h48} /OE ${h32} /UE ${h32} /P -4 >>`, 'encrypted_pdf', /needs a password/],
      [`/Encrypt << /Filter /Standard /V 0 /R 2 /O ${h32} /U ${h32} /P -4 >> ${id}`, 'unsupported_pdf', /\/V 0, \/R 2/],
      [`/Encrypt << /Filter /Standard /V 4 /R 6 /O ${h32} /U ${h32} /P -4 >> ${id}`, 'unsupported_pdf', /\/V 4, \/R 6/],
      [`/Encrypt << /Filter /Adobe.PubSec /V 4 /R 4 >> ${id}`, 'unsupported_pdf', /\/Adobe.PubSec security handler/],
      [`/Encrypt << /V 2 /R 3 >> ${id}`, 'unsupported_pdf', /\/\? security handler/],
    ];
    for (const [trailer, code, message] of cases) {
      expect(() => open(minimalPdf(trailer)), trailer).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
    }
  });

  it('a wrong key (a damaged /O) reads as a file that needs a password, never as noise', async () => {
    const rc4 = await qpdfEncrypt(plain, 'rc4-128');
    refused(patch(rc4, /\/O <[0-9a-f]{4}/, (o) => `${o.slice(0, -4)}${o.slice(-4) === '0000' ? '1111' : '0000'}`), 'encrypted_pdf', /needs a password/);
  });
});
