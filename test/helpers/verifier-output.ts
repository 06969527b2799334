/**
 * Parsers for the text that pdfsig (poppler 22.12) and `mutool sign -v` (MuPDF 1.21) print.
 * Kept apart from running the tools so they can be tested on recorded output.
 */

/** pdfsig's certificate states (poppler's SignatureInfo CertificateValidationStatus). */
export type PdfsigCertStatus =
  | 'trusted' | 'untrusted_issuer' | 'unknown_issuer' | 'revoked' | 'expired' | 'not_verified'
  | 'unknown_issue' | 'absent';

export type PdfsigSignature = {
  index: number;
  fieldName: string;
  signerName: string;
  signatureType: string;
  signedRanges: Array<[number, number]>;
  signatureValid: boolean;
  certificateStatus: PdfsigCertStatus;
  totalDocumentSigned: boolean;
  rawValidation: string;
  rawCertStatus: string;
};

const CERT_STATUS: Record<string, PdfsigCertStatus> = {
  'Certificate is Trusted.': 'trusted',
  "Certificate issuer isn't Trusted.": 'untrusted_issuer',
  'Certificate issuer is unknown.': 'unknown_issuer',
  'Certificate has been Revoked.': 'revoked',
  'Certificate has Expired': 'expired',
  'Certificate has not been verified.': 'not_verified',
};

function field(block: string, label: string): string {
  const m = new RegExp(`^\\s*- ${label}: (.*)$`, 'm').exec(block);
  return m?.[1]?.trim() ?? '';
}

function parseRanges(text: string): Array<[number, number]> {
  return [...text.matchAll(/\[(\d+) - (\d+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** pdfsig omits the certificate line when the signature itself fails: that is reported as 'absent'. */
function certStatus(raw: string): PdfsigCertStatus {
  if (raw === '') return 'absent';
  return CERT_STATUS[raw] ?? 'unknown_issue';
}

export function parsePdfsigOutput(raw: string): PdfsigSignature[] {
  const blocks = raw.split(/^Signature #(\d+):\s*$/m).slice(1);
  const signatures: PdfsigSignature[] = [];
  for (let i = 0; i + 1 < blocks.length; i += 2) {
    const block = blocks[i + 1] ?? '';
    const rawValidation = field(block, 'Signature Validation');
    const rawCertStatus = field(block, 'Certificate Validation');
    signatures.push({
      index: Number(blocks[i]),
      fieldName: field(block, 'Signature Field Name'),
      signerName: field(block, 'Signer Certificate Common Name'),
      signatureType: field(block, 'Signature Type'),
      signedRanges: parseRanges(field(block, 'Signed Ranges')),
      signatureValid: rawValidation === 'Signature is Valid.',
      certificateStatus: certStatus(rawCertStatus),
      totalDocumentSigned: /^\s*- Total document signed\s*$/m.test(block),
      rawValidation,
      rawCertStatus,
    });
  }
  return signatures;
}

/**
 * One "Verifying signature N:" block. mutool has no trust store of ours, so certificate trust is
 * reported apart from integrity: `ok` means the digest matches and the signature verifies.
 */
export type MutoolSignature = {
  objectNumber: number;
  name: string;
  ok: boolean;
  certificateTrusted: boolean;
  certificateMessage: string;
  digestMessage: string;
  editsSinceSigning: boolean;
};

const UNCHANGED = 'The document is unchanged since signing.';
const EDITED = 'The signature is valid but there have been edits since signing.';

function parseMutoolBlock(objectNumber: number, block: string): MutoolSignature {
  const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const dn = lines.find((l) => l.startsWith('Distinguished name: '));
  const cert = lines.find((l) => l.startsWith('Certificate error: ') || l === 'Certificate is trusted.') ?? '';
  const digest = lines.find((l) => l === UNCHANGED || l === EDITED || l.startsWith('Digest error: '))
    ?? lines.find((l) => l === 'Signature is not signed.') ?? '';
  return {
    objectNumber,
    name: dn?.slice('Distinguished name: '.length) ?? '',
    ok: digest === UNCHANGED || digest === EDITED,
    certificateTrusted: cert === 'Certificate is trusted.',
    certificateMessage: cert,
    digestMessage: digest,
    editsSinceSigning: digest === EDITED,
  };
}

export function parseMutoolVerifyOutput(raw: string): MutoolSignature[] {
  const blocks = raw.split(/^Verifying signature (\d+):\s*$/m).slice(1);
  const signatures: MutoolSignature[] = [];
  for (let i = 0; i + 1 < blocks.length; i += 2) {
    signatures.push(parseMutoolBlock(Number(blocks[i]), blocks[i + 1] ?? ''));
  }
  return signatures;
}
