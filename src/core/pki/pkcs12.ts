import forge from 'node-forge';
import { DocsealError } from '../errors.js';

const { asn1, pki } = forge;

/** The private key and certificates of a PKCS#12 file, as DER, in the order the file holds them. */
export type Pkcs12Contents = {
  /** PrivateKeyInfo (RFC 5958), decrypted. */
  readonly privateKeyInfo: Buffer;
  readonly certificates: readonly Buffer[];
};

const toDer = (node: forge.asn1.Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

function parsePfx(der: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let outer: forge.asn1.Asn1;
  try {
    outer = asn1.fromDer(der.toString('binary'), false);
  } catch {
    throw new DocsealError('invalid_request', 'the file is not a PKCS#12 (.p12/.pfx) file');
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(outer, false, password);
  } catch {
    // forge fails the MAC check (RFC 7292 §5) or the decryption on a wrong password; neither says which.
    throw new DocsealError('invalid_request', 'cannot open the PKCS#12 file: wrong password, or a damaged file');
  }
}

/**
 * Opens a PKCS#12 file (RFC 7292) with `password`. forge decodes RSA keys and certificates into its own
 * objects and leaves others (EC) as ASN.1; both are returned as DER. forge re-encodes an RSA
 * certificate from its parsed TBSCertificate, so the caller verifies each link of the chain again.
 */
export function readPkcs12(der: Buffer, password: string): Pkcs12Contents {
  const bags = parsePfx(der, password).safeContents.flatMap((contents) => contents.safeBags);
  const keys = bags
    .filter((bag) => bag.type === pki.oids.pkcs8ShroudedKeyBag || bag.type === pki.oids.keyBag)
    .map((bag) => (bag.key ? toDer(pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(bag.key))) : toDer(bag.asn1)));
  if (keys.length !== 1) {
    throw new DocsealError('invalid_request', `the PKCS#12 file holds ${keys.length} private keys; docseal needs exactly one`);
  }
  const certificates = bags
    .filter((bag) => bag.type === pki.oids.certBag)
    .map((bag) => (bag.cert ? toDer(pki.certificateToAsn1(bag.cert)) : toDer(bag.asn1)));
  return { privateKeyInfo: keys[0]!, certificates };
}
