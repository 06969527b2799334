import { describe, expect, it } from 'vitest';
import { ObjectCrypt, type CryptMethod } from '../../../../src/core/pdf/crypt/object-crypt.js';
import { PdfDict, PdfRef, PdfStream, PdfString, dict, name, type PdfObject } from '../../../../src/core/pdf/objects.js';

const text = (s: string): PdfString => new PdfString(Buffer.from(s, 'latin1'), false);
const str = (o: PdfObject | undefined): string => Buffer.from((o as PdfString).bytes).toString('latin1');
const ref = new PdfRef(7, 0);
const seed = Buffer.from('update-1');

function crypt(method: CryptMethod, extra: { encryptMetadata?: boolean; named?: Map<string, CryptMethod>; documentMetadata?: number } = {}): ObjectCrypt {
  return new ObjectCrypt({
    fileKey: Buffer.alloc(method === 'aesv3' ? 32 : 16, 3),
    strings: method,
    streams: method,
    embeddedFiles: method,
    named: extra.named ?? new Map(),
    encryptMetadata: extra.encryptMetadata ?? true,
    documentMetadata: extra.documentMetadata,
  });
}

describe('ObjectCrypt: the strings and streams of one object', () => {
  for (const method of ['rc4', 'aesv2', 'aesv3'] as const) {
    it(`${method}: what the writer encrypts, the reader decrypts, nested strings included`, () => {
      const c = crypt(method);
      const value = dict({ T: text('field'), Kids: [text('a'), dict({ V: text('nested') })], N: 3, S: name('X') });
      const sealed = c.encrypt(value, ref, seed);
      expect(str(sealed.get('T'))).not.toBe('field');
      const back = c.decrypt(sealed, ref.num, ref.gen) as PdfDict;
      expect(str(back.get('T'))).toBe('field');
      expect(str(((back.get('Kids') as PdfObject[])[1] as PdfDict).get('V'))).toBe('nested');
      expect(back.get('N')).toBe(3);
      const stream = new PdfStream(dict({ Filter: name('FlateDecode') }), Buffer.from('content'));
      const sealedStream = c.encrypt(stream, ref, seed);
      expect(Buffer.from(sealedStream.data).toString()).not.toBe('content');
      expect(Buffer.from((c.decrypt(sealedStream, 7, 0) as PdfStream).data).toString()).toBe('content');
      // Another object's key does not decrypt it (RC4 gives noise, AES-128 fails its padding or gives noise).
      if (method !== 'aesv3') {
        let other: string | undefined;
        try {
          other = str((c.decrypt(sealed, 8, 0) as PdfDict).get('T'));
        } catch (e) {
          expect(e).toMatchObject({ code: 'corrupt_pdf' });
        }
        expect(other).not.toBe('field');
      }
    });
  }

  it('AES initialisation vectors differ per string and per update, and repeat for the same update (no random source)', () => {
    const c = crypt('aesv2');
    const value = [text('same'), text('same')];
    const a = c.encrypt(value, ref, seed);
    const b = c.encrypt(value, ref, Buffer.from('update-2'));
    expect(str(a[0])).not.toBe(str(a[1]));
    expect(str(a[0])).not.toBe(str(b[0]));
    expect(str(c.encrypt(value, ref, seed)[0])).toBe(str(a[0]));
  });

  it('leaves the signature /Contents, cross-reference streams and clear metadata as written', () => {
    const c = crypt('aesv2', { encryptMetadata: false, documentMetadata: 7 });
    const contents = new PdfString(Buffer.from('3082', 'hex'), true);
    const sig = dict({ Type: name('Sig'), Contents: contents, M: text('D:20260101') });
    const sealedSig = c.encrypt(sig, ref, seed);
    expect(sealedSig.get('Contents')).toBe(contents);
    expect(str(sealedSig.get('M'))).not.toBe('D:20260101');
    // Without /Type, a dictionary with /ByteRange and /Contents is a signature dictionary too.
    expect((c.decrypt(dict({ ByteRange: [0, 1, 2, 3], Contents: contents }), 7, 0) as PdfDict).get('Contents')).toBe(contents);
    const xref = new PdfStream(dict({ Type: name('XRef') }), Buffer.from('rows'));
    expect(c.decrypt(xref, 7, 0)).toBe(xref);
    const meta = new PdfStream(dict({ Type: name('Metadata'), Subtype: name('XML') }), Buffer.from('<x:xmpmeta/>'));
    expect(Buffer.from((c.decrypt(meta, 7, 0) as PdfStream).data).toString()).toBe('<x:xmpmeta/>');
    expect(Buffer.from((crypt('aesv2').encrypt(meta, ref, seed) as PdfStream).data).toString()).not.toBe('<x:xmpmeta/>');
    // Only the document's metadata stream: another object typed /Metadata is decrypted like any stream.
    const other = c.encrypt(meta, new PdfRef(8, 0), seed);
    expect(Buffer.from(other.data).toString()).not.toBe('<x:xmpmeta/>');
    expect(Buffer.from((c.decrypt(other, 8, 0) as PdfStream).data).toString()).toBe('<x:xmpmeta/>');
  });

  it('follows a stream\'s own /Crypt filter: /Identity leaves it clear, a named one applies, an unknown one is refused', () => {
    const c = crypt('aesv2', { named: new Map([['Clear', 'identity'], ['Rc', 'rc4']]) });
    const own = (parms: PdfObject | undefined): PdfStream =>
      new PdfStream(new PdfDict(new Map<string, PdfObject>([['Filter', [name('Crypt'), name('FlateDecode')]], ...(parms ? [['DecodeParms', parms] as [string, PdfObject]] : [])])), Buffer.from('data'));
    expect(Buffer.from((c.decrypt(own(undefined), 7, 0) as PdfStream).data).toString()).toBe('data');
    expect(Buffer.from((c.decrypt(own([dict({ Name: name('Identity') }), null]), 7, 0) as PdfStream).data).toString()).toBe('data');
    expect(Buffer.from((c.decrypt(own([dict({ Name: name('Clear') }), null]), 7, 0) as PdfStream).data).toString()).toBe('data');
    const rc = c.encrypt(own([dict({ Name: name('Rc') }), null]), ref, seed);
    expect(rc.data).toHaveLength(4); // RC4 keeps the length; the default AES would have added an IV and padding
    expect(() => c.decrypt(own([dict({ Name: name('Nope') }), null]), 7, 0)).toThrow(expect.objectContaining({ code: 'unsupported_pdf' }));
  });

  it('a string AES cannot have written is corrupt_pdf, not a crash', () => {
    expect(() => crypt('aesv2').decrypt(text('seventeen bytes!!'), 7, 0)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
    expect(str(crypt('aesv2').decrypt(text(''), 7, 0))).toBe('');
  });
});
