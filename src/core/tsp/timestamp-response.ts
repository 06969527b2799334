import { AsnConvert } from '@peculiar/asn1-schema';
import { PKIFailureInfo, PKIFreeText, PKIStatus, PKIStatusInfo, TimeStampResp, TimeStampToken } from '@peculiar/asn1-tsp';
import { FAILURE_BITS, type FailureInfo } from './tsa-refusal.js';

/** TimeStampResp with status granted and the token (RFC 3161 §2.4.2). */
export function grantedResponse(token: Buffer): Buffer {
  const resp = new TimeStampResp({
    status: new PKIStatusInfo({ status: PKIStatus.granted }),
    timeStampToken: AsnConvert.parse(token, TimeStampToken),
  });
  return Buffer.from(AsnConvert.serialize(resp));
}

/** TimeStampResp with status rejection, a reason in words and the failure's bit (RFC 3161 §2.4.2). */
export function rejectionResponse(failure: FailureInfo, reason: string): Buffer {
  const resp = new TimeStampResp({
    status: new PKIStatusInfo({ status: PKIStatus.rejection, statusString: new PKIFreeText([reason]), failInfo: namedBit(FAILURE_BITS[failure]) }),
  });
  return Buffer.from(AsnConvert.serialize(resp));
}

/**
 * A BIT STRING with one named bit set. X.690 §11.2.2: DER drops trailing zero bits of a named-bit
 * list, so the string ends at that bit: bit n is in octet n/8, counted from the most significant bit.
 */
function namedBit(bit: number): PKIFailureInfo {
  const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> bit % 8;
  return new PKIFailureInfo(bytes, 7 - (bit % 8));
}
