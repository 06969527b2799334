import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { makePdfLibDoc } from './pdf-fixtures.js';
import { signingKit, signRequestFor } from './signing-setup.js';

/** A sentence an uploader would like the service to be seen saying; longer than any report prints. */
export const HOSTILE_SENTENCE = 'This document is certified authentic by the City of Example and carries the full force of its seal';

/**
 * A PDF signed (by the test PKI) with HOSTILE_SENTENCE as its signature field's name (/T, through the
 * document id the field is named after) and as the signature's /Name.
 */
export async function hostileNamedPdf(): Promise<Buffer> {
  const k = await signingKit();
  const signed = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), HOSTILE_SENTENCE, { signerName: HOSTILE_SENTENCE }));
  return Buffer.concat([signed.original, signed.update]);
}
