import { DocsealError } from '../../errors.js';
import { PdfDict, PdfName, PdfString, nameValue, type PdfObject } from '../objects.js';
import { ObjectCrypt, type CryptMethod } from './object-crypt.js';
import { emptyPasswordKey, type StandardParams } from './standard-keys.js';

type Resolve = (o: PdfObject | undefined) => PdfObject | undefined;

/**
 * Opens an encrypted document with the standard security handler (ISO 32000-1 §7.6.3, ISO 32000-2
 * §7.6.4) and the empty user password: the files that restrict only what an owner may do, which every
 * reader opens without asking. Throws encrypted_pdf when the file needs a password or its encryption
 * dictionary is malformed, unsupported_pdf for another security handler or an unknown algorithm.
 *
 * The permission flags (/P) are not enforced. They bind applications that offer editing, and anyone
 * can remove them since the file opens without a password; a signature added as an incremental update
 * leaves every original byte, the restrictions included, as it was. pyHanko signs such files the same
 * way.
 */
export function openStandardEncryption(encrypt: PdfDict, firstId: Buffer | undefined, resolve: Resolve, documentMetadata: number | undefined): ObjectCrypt {
  const filter = nameValue(resolve(encrypt.get('Filter')));
  if (filter !== 'Standard') {
    throw new DocsealError('unsupported_pdf', `The PDF is encrypted with the /${filter ?? '?'} security handler (for example to certificates); only password encryption with an empty user password can be read. Upload it without encryption.`);
  }
  const v = intOf(resolve(encrypt.get('V')));
  const r = intOf(resolve(encrypt.get('R')));
  if (v === undefined || r === undefined) throw malformed('/V or /R is missing');
  if (!knownAlgorithm(v, r)) {
    throw new DocsealError('unsupported_pdf', `The PDF uses an encryption algorithm docseal does not read (/V ${v}, /R ${r}). Upload it without encryption.`);
  }
  const methods = cryptMethods(encrypt, v, resolve);
  const params = standardParams(encrypt, r, keyLength(encrypt, v, methods, resolve), firstId, resolve);
  const fileKey = emptyPasswordKey(params);
  if (!fileKey) {
    throw new DocsealError('encrypted_pdf', 'The PDF needs a password to open. Upload it without the password; files that only restrict permissions (no password to open) are accepted.');
  }
  return new ObjectCrypt({ fileKey, ...methods, encryptMetadata: params.encryptMetadata, documentMetadata });
}

/** Tables 20-21: V 1-2 go with R 2-3, V 4 with R 4, V 5 with R 5-6; other pairs name no algorithm. */
function knownAlgorithm(v: number, r: number): boolean {
  return (v >= 1 && v <= 2 && r >= 2 && r <= 3) || (v === 4 && r === 4) || (v === 5 && (r === 5 || r === 6));
}

function malformed(why: string): DocsealError {
  return new DocsealError('encrypted_pdf', `The PDF's encryption dictionary is malformed (${why}), so it cannot be decrypted. Upload it without encryption.`);
}

function intOf(o: PdfObject | undefined): number | undefined {
  return typeof o === 'number' ? o : undefined;
}

function bytesOf(o: PdfObject | undefined, key: string, min: number): Buffer {
  if (!(o instanceof PdfString)) throw malformed(`/${key} is missing`);
  if (o.bytes.length < min) throw malformed(`/${key} is ${o.bytes.length} bytes, at least ${min} expected`);
  return Buffer.from(o.bytes);
}

function standardParams(e: PdfDict, revision: number, keyLength: number, firstId: Buffer | undefined, resolve: Resolve): StandardParams {
  const modern = revision >= 5;
  // ISO 32000-2 §7.6.4.4 Tables 21-22: /O and /U are 32 bytes up to revision 4, 48 from 5 on.
  const size = modern ? 48 : 32;
  const p = intOf(resolve(e.get('P')));
  // /P is a 32-bit field; writers spell it signed (-1044) or unsigned (4294966252).
  if (p === undefined || p < -(2 ** 31) || p >= 2 ** 32) throw malformed('/P is not a 32-bit integer');
  // §7.5.5: revisions 2-4 mix the first /ID element into the key, so it must be there.
  if (!modern && !firstId) throw malformed('the trailer has no /ID, which the key depends on');
  const meta = resolve(e.get('EncryptMetadata'));
  return {
    revision,
    keyLength,
    owner: bytesOf(resolve(e.get('O')), 'O', size),
    user: bytesOf(resolve(e.get('U')), 'U', size),
    ...(modern ? { ownerKey: bytesOf(resolve(e.get('OE')), 'OE', 32), userKey: bytesOf(resolve(e.get('UE')), 'UE', 32) } : {}),
    ...(modern && e.has('Perms') ? { perms: bytesOf(resolve(e.get('Perms')), 'Perms', 16) } : {}),
    permissions: p | 0,
    encryptMetadata: meta !== false,
    firstId: firstId ?? Buffer.alloc(0),
  };
}

type Methods = { strings: CryptMethod; streams: CryptMethod; embeddedFiles: CryptMethod; named: Map<string, CryptMethod> };

/** §7.6.5: V 1-2 use RC4 for everything; V 4-5 name crypt filters in /CF for /StrF, /StmF and /EFF. */
function cryptMethods(e: PdfDict, v: number, resolve: Resolve): Methods {
  if (v < 4) return { strings: 'rc4', streams: 'rc4', embeddedFiles: 'rc4', named: new Map() };
  const named = new Map<string, CryptMethod>();
  const cf = resolve(e.get('CF'));
  if (cf instanceof PdfDict) {
    for (const [name, f] of cf.map) {
      const d = resolve(f);
      if (d instanceof PdfDict) named.set(name, methodOf(nameValue(resolve(d.get('CFM'))) ?? 'None', v));
    }
  }
  const pick = (key: string, fallback: CryptMethod): CryptMethod => {
    const n = resolve(e.get(key));
    if (n === undefined) return fallback;
    if (!(n instanceof PdfName)) throw malformed(`/${key} is not a name`);
    if (n.name === 'Identity') return 'identity';
    const m = named.get(n.name);
    if (!m) throw malformed(`/${key} names /${n.name}, which /CF does not define`);
    return m;
  };
  // Table 20: /StmF and /StrF default to /Identity; /EFF to /StmF.
  const streams = pick('StmF', 'identity');
  return { strings: pick('StrF', 'identity'), streams, embeddedFiles: pick('EFF', streams), named };
}

/** Table 25 /CFM; /None leaves the data to the application, which for the standard handler is no change. */
function methodOf(cfm: string, v: number): CryptMethod {
  if (cfm === 'None') return 'identity';
  if (cfm === 'V2') return 'rc4';
  if (cfm === 'AESV2') return 'aesv2';
  if (cfm === 'AESV3' && v === 5) return 'aesv3';
  throw new DocsealError('unsupported_pdf', `The PDF uses the crypt filter method /${cfm}, which docseal does not read. Upload it without encryption.`);
}

/** Table 20 /Length (bits, 40-128 in steps of 8; default 40); AES-128 is 16 bytes, AES-256 32. */
function keyLength(e: PdfDict, v: number, methods: Methods, resolve: Resolve): number {
  if (v === 5) return 32;
  if (v === 4 && [methods.streams, methods.strings].includes('aesv2')) return 16;
  const bits = intOf(resolve(e.get('Length'))) ?? (v === 4 ? 128 : 40);
  if (v === 1) return 5;
  if (bits < 40 || bits > 128 || bits % 8 !== 0) throw malformed(`/Length ${bits} is not 40 to 128 bits in steps of 8`);
  return bits / 8;
}

