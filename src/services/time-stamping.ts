import { randomBytes } from 'node:crypto';
import type { DigestAlgorithm, SigningIdentity } from '../core/sign/key-signer.js';
import { readTimestampRequest, type TimestampRequest } from '../core/tsp/timestamp-request.js';
import { grantedResponse, rejectionResponse } from '../core/tsp/timestamp-response.js';
import { buildTimestampToken } from '../core/tsp/timestamp-token.js';
import { TsaRefusal, type FailureInfo } from '../core/tsp/tsa-refusal.js';
import type { TimestampTokenRepository } from '../storage/timestamp-token-repository.js';

/** The built-in time-stamping authority (RFC 3161): its key and certificate, and what its tokens claim. */
export type TimeStampAuthority = {
  readonly identity: SigningIdentity;
  /** The TSA policy every token names (RFC 3161 §2.4.2 `policy`). */
  readonly policy: string;
  /** How far genTime may be from UTC, in milliseconds (`accuracy`). */
  readonly accuracyMs: number;
  readonly digestAlgorithm: DigestAlgorithm;
};

export type TimeStampingDeps = {
  readonly tsa: TimeStampAuthority;
  readonly tokens: TimestampTokenRepository;
  readonly now: () => Date;
};

export type TimestampAnswer =
  | { readonly status: 'granted'; readonly reply: Buffer; readonly serial: string }
  | { readonly status: 'rejected'; readonly reply: Buffer; readonly failure: FailureInfo; readonly reason: string };

/** Two instances drawing the same 128-bit serial is not expected; a few draws make it impossible in practice. */
const SERIAL_DRAWS = 4;

/**
 * Answers one DER TimeStampReq with a DER TimeStampResp: a token over the request's imprint, or a
 * rejection naming why. A serial number is claimed in the database before the token is signed, so no
 * two tokens of this TSA, from any instance, share one.
 */
export async function answerTimestampQuery(deps: TimeStampingDeps, der: Buffer): Promise<TimestampAnswer> {
  try {
    const request = readTimestampRequest(der);
    if (request.policy !== undefined && request.policy !== deps.tsa.policy) {
      throw new TsaRefusal('unacceptedPolicy', `this TSA issues tokens under policy ${deps.tsa.policy} only`);
    }
    const genTime = deps.now();
    const serial = await claimSerial(deps, request, genTime);
    const token = await buildTimestampToken({
      imprint: request.imprint,
      policy: deps.tsa.policy,
      serialNumber: serial,
      genTime,
      accuracyMs: deps.tsa.accuracyMs,
      nonce: request.nonce,
      includeCertificates: request.certReq,
      identity: deps.tsa.identity,
      digestAlgorithm: deps.tsa.digestAlgorithm,
    });
    return { status: 'granted', reply: grantedResponse(token), serial: serial.toString('hex') };
  } catch (e) {
    if (!(e instanceof TsaRefusal)) throw e;
    return { status: 'rejected', reply: rejectionResponse(e.failure, e.message), failure: e.failure, reason: e.message };
  }
}

async function claimSerial(deps: TimeStampingDeps, request: TimestampRequest, genTime: Date): Promise<Buffer> {
  for (let draw = 0; draw < SERIAL_DRAWS; draw++) {
    // Positive and non-zero (RFC 3161 §2.4.2): the top bit cleared, the lowest set.
    const serial = randomBytes(16);
    serial[0]! &= 0x7f;
    serial[15]! |= 0x01;
    const claimed = await deps.tokens.claimSerial({
      _id: serial.toString('hex'),
      genTime,
      policy: deps.tsa.policy,
      hashAlgorithm: request.hashAlgorithm,
      imprint: request.hashedMessage.toString('hex'),
      ...(request.nonce ? { nonce: request.nonce.toString('hex') } : {}),
    });
    if (claimed) return serial;
  }
  throw new TsaRefusal('systemFailure', 'no unique serial number could be assigned');
}
