import { AsnConvert } from '@peculiar/asn1-schema';
import { TimeStampReq, type MessageImprint } from '@peculiar/asn1-tsp';
import { DIGEST_OIDS } from '../cms/oids.js';
import type { DigestAlgorithm } from '../sign/key-signer.js';
import { DIGEST_LENGTHS } from '../cms/signed-attributes.js';
import { TsaRefusal } from './tsa-refusal.js';

/** What a time-stamp request asks for, checked (RFC 3161 §2.4.1). */
export type TimestampRequest = {
  /** As the request encoded it, for the token to echo (RFC 3161 §2.4.2). */
  readonly imprint: MessageImprint;
  readonly hashAlgorithm: DigestAlgorithm;
  readonly hashedMessage: Buffer;
  /** The policy asked for, when the requester named one. */
  readonly policy: string | undefined;
  /** The nonce's INTEGER content octets, echoed in the token. */
  readonly nonce: Buffer | undefined;
  readonly certReq: boolean;
};

/** A request is a few hundred bytes; a large one is not a time-stamp request. */
export const MAX_REQUEST_BYTES = 4096;
/** RFC 3161 §2.4.1: the nonce is a large random number; 64 bytes is more than any client sends. */
const MAX_NONCE_BYTES = 64;

const DIGEST_BY_OID: ReadonlyMap<string, DigestAlgorithm> = new Map(
  (Object.keys(DIGEST_OIDS) as DigestAlgorithm[]).map((name) => [DIGEST_OIDS[name], name]),
);

/**
 * Reads a DER TimeStampReq. Refusals carry the PKIFailureInfo bit RFC 3161 §2.4.2 names: an
 * unparsable or oversized request is badDataFormat, a hash we do not accept (SHA-1 and MD5 included:
 * ETSI TS 119 312 no longer allows them for time-stamps) badAlg, an imprint of the wrong length
 * badDataFormat, and any extension unacceptedExtension, since we support none.
 */
export function readTimestampRequest(der: Buffer): TimestampRequest {
  if (der.length > MAX_REQUEST_BYTES) throw new TsaRefusal('badDataFormat', 'the request is larger than a time-stamp request can be');
  let req: TimeStampReq;
  try {
    req = AsnConvert.parse(der, TimeStampReq);
  } catch {
    throw new TsaRefusal('badDataFormat', 'the request is not a DER TimeStampReq');
  }
  if (!Buffer.from(AsnConvert.serialize(req)).equals(der)) throw new TsaRefusal('badDataFormat', 'the request is not DER-encoded, or has trailing bytes');
  if (req.version !== 1) throw new TsaRefusal('badRequest', `unsupported request version ${req.version}`);
  const hashAlgorithm = DIGEST_BY_OID.get(req.messageImprint.hashAlgorithm.algorithm);
  if (hashAlgorithm === undefined) throw new TsaRefusal('badAlg', 'the imprint must be SHA-256, SHA-384 or SHA-512');
  const hashedMessage = Buffer.from(req.messageImprint.hashedMessage.buffer);
  if (hashedMessage.length !== DIGEST_LENGTHS[hashAlgorithm]) throw new TsaRefusal('badDataFormat', 'the imprint length does not match its hash algorithm');
  if (req.extensions !== undefined && req.extensions.length > 0) throw new TsaRefusal('unacceptedExtension', 'this TSA supports no request extensions');
  const nonce = req.nonce === undefined ? undefined : Buffer.from(req.nonce);
  if (nonce !== undefined && (nonce.length === 0 || nonce.length > MAX_NONCE_BYTES)) throw new TsaRefusal('badDataFormat', 'the nonce is empty or too long');
  return { imprint: req.messageImprint, hashAlgorithm, hashedMessage, policy: req.reqPolicy, nonce, certReq: req.certReq };
}
