import { createHmac } from 'node:crypto';
import { DocsealError } from '../../errors.js';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, isName, type PdfObject } from '../objects.js';
import { aesCbcDecrypt, aesCbcEncrypt } from './aes.js';
import { rc4 } from './rc4.js';
import { objectKey } from './standard-keys.js';

/** How a crypt filter transforms data (ISO 32000-1 §7.6.5, Table 25 /CFM; ISO 32000-2 adds AESV3). */
export type CryptMethod = 'identity' | 'rc4' | 'aesv2' | 'aesv3';

export type CryptConfig = {
  readonly fileKey: Buffer;
  /** /StrF: strings. */
  readonly strings: CryptMethod;
  /** /StmF: streams without a crypt filter of their own. */
  readonly streams: CryptMethod;
  /** /EFF: embedded file streams (defaults to /StmF). */
  readonly embeddedFiles: CryptMethod;
  /** The crypt filters of /CF by name, for streams whose /Filter names /Crypt (§7.4.10). */
  readonly named: ReadonlyMap<string, CryptMethod>;
  readonly encryptMetadata: boolean;
  /**
   * The object number of the document's metadata stream (the catalog's /Metadata), the one stream
   * /EncryptMetadata false leaves in clear (Table 20). Poppler and MuPDF decrypt every other stream
   * whatever its /Type says, so a content stream typed /Metadata is decrypted too.
   */
  readonly documentMetadata: number | undefined;
};

/**
 * The strings and streams of one indirect object, decrypted as a reader sees them or encrypted as a
 * writer stores them (ISO 32000-1 §7.6.2). What is never encrypted stays as it is (§7.6.1, ISO 32000-2
 * §7.6.2): cross-reference streams, the /Contents of a signature dictionary (the signature covers the
 * bytes around it and is checked as written), the document's metadata stream under /EncryptMetadata false, data
 * under the /Identity filter. The /Encrypt dictionary itself and the objects inside object streams
 * are the caller's to skip: they are never passed here.
 */
export class ObjectCrypt {
  constructor(private readonly config: CryptConfig) {}

  get fileKey(): Buffer {
    return this.config.fileKey;
  }

  decrypt(value: PdfObject, num: number, gen: number): PdfObject {
    return this.transform(value, num, (method, data) => this.decryptData(method, num, gen, data));
  }

  /**
   * Encrypts for writing under `ref`. AES needs an initialisation vector per string and stream; the
   * core draws no random numbers, so each is a keyed hash (HMAC-SHA-256 under the file key) of `seed`,
   * unique to this update, the object's number and a counter: unpredictable without the key and never
   * repeated, which is what CBC asks of it (NIST SP 800-38A Appendix C).
   */
  encrypt<T extends PdfObject>(value: T, ref: PdfRef, seed: Buffer): T {
    let counter = 0;
    const ivFor = (): Buffer =>
      createHmac('sha256', this.config.fileKey).update(seed).update(`${ref.num} ${ref.gen} ${counter++}`).digest().subarray(0, 16);
    // transform keeps the kind of value it is given (a dictionary stays a dictionary).
    return this.transform(value, ref.num, (method, data) => this.encryptData(method, ref, data, ivFor)) as T;
  }

  private transform(value: PdfObject, num: number, fn: (method: CryptMethod, data: Uint8Array) => Buffer): PdfObject {
    if (value instanceof PdfString) return new PdfString(fn(this.config.strings, value.bytes), value.hex);
    if (Array.isArray(value)) return value.map((v) => this.transform(v, num, fn));
    if (value instanceof PdfStream) {
      if (isName(value.dict.get('Type'), 'XRef')) return value;
      const dict = this.transformDict(value.dict, num, fn);
      return new PdfStream(dict, fn(this.streamMethod(value.dict, num), value.data), value.dataOffset);
    }
    if (value instanceof PdfDict) return this.transformDict(value, num, fn);
    return value;
  }

  private transformDict(d: PdfDict, num: number, fn: (method: CryptMethod, data: Uint8Array) => Buffer): PdfDict {
    const signature = isSignatureDict(d);
    const map = new Map<string, PdfObject>();
    for (const [k, v] of d.map) map.set(k, signature && k === 'Contents' ? v : this.transform(v, num, fn));
    return new PdfDict(map, d.duplicateKeys);
  }

  private streamMethod(d: PdfDict, num: number): CryptMethod {
    if (!this.config.encryptMetadata && num === this.config.documentMetadata && isName(d.get('Type'), 'Metadata')) return 'identity';
    const own = ownCryptFilter(d);
    if (own !== undefined) {
      if (own === 'Identity') return 'identity';
      const m = this.config.named.get(own);
      if (!m) throw new DocsealError('unsupported_pdf', `A stream names the crypt filter /${own}, which the encryption dictionary does not define.`);
      return m;
    }
    return isName(d.get('Type'), 'EmbeddedFile') ? this.config.embeddedFiles : this.config.streams;
  }

  private decryptData(method: CryptMethod, num: number, gen: number, data: Uint8Array): Buffer {
    if (method === 'identity' || data.length === 0) return Buffer.from(data);
    if (method === 'rc4') return rc4(objectKey(this.config.fileKey, num, gen, false), data);
    const key = method === 'aesv3' ? this.config.fileKey : objectKey(this.config.fileKey, num, gen, true);
    const plain = aesCbcDecrypt(key, data);
    if (!plain) throw new DocsealError('corrupt_pdf', 'An encrypted string or stream cannot be decrypted.', { object: num });
    return plain;
  }

  private encryptData(method: CryptMethod, ref: PdfRef, data: Uint8Array, ivFor: () => Buffer): Buffer {
    if (method === 'identity') return Buffer.from(data);
    if (method === 'rc4') return rc4(objectKey(this.config.fileKey, ref.num, ref.gen, false), data);
    const key = method === 'aesv3' ? this.config.fileKey : objectKey(this.config.fileKey, ref.num, ref.gen, true);
    return aesCbcEncrypt(key, ivFor(), data);
  }
}

/** ISO 32000-1 §12.8.1, Table 252; the same test the modification analysis applies. */
function isSignatureDict(d: PdfDict): boolean {
  return isName(d.get('Type'), 'Sig') || isName(d.get('Type'), 'DocTimeStamp') || (d.has('ByteRange') && d.has('Contents'));
}

/**
 * §7.4.10: a /Crypt filter, first in /Filter, names the stream's own crypt filter in its /DecodeParms
 * /Name (default /Identity). Undefined when the stream has none.
 */
function ownCryptFilter(d: PdfDict): string | undefined {
  const filter = d.get('Filter');
  const first = Array.isArray(filter) ? filter[0] : filter;
  if (!isName(first, 'Crypt')) return undefined;
  const parms = d.get('DecodeParms');
  const p = Array.isArray(parms) ? parms[0] : parms;
  const n = p instanceof PdfDict ? p.get('Name') : undefined;
  return n instanceof PdfName ? n.name : 'Identity';
}
