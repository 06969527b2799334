/**
 * PKIFailureInfo's named bits (RFC 3161 §2.4.2), by bit number. Kept here rather than taken from the
 * ASN.1 library, whose flag values do not follow these bit numbers.
 */
export const FAILURE_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type FailureInfo = keyof typeof FAILURE_BITS;

/** A request the TSA answers with status rejection (RFC 3161 §2.4.2), and why. */
export class TsaRefusal extends Error {
  readonly failure: FailureInfo;

  constructor(failure: FailureInfo, message: string) {
    super(message);
    this.name = 'TsaRefusal';
    this.failure = failure;
  }
}
