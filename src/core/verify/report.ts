/**
 * The verifier's results, as frozen data (DSS's facts → checks → verdict). Each check has a stable id
 * and code so pages, the PDF report and the tests can rely on them; `params` carries the numbers and
 * names a message needs, never document contents.
 */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'info';

export type CheckId =
  | 'structure'
  | 'integrity.digest'
  | 'integrity.signature'
  | 'integrity.signing-certificate'
  | 'coverage'
  | 'modifications'
  | 'trust.chain'
  | 'trust.validity'
  | 'trust.key-usage'
  | 'trust.revocation'
  | 'timestamp'
  | 'claimed-time'
  | 'registry';

export type Check = {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** Stable reason code, e.g. 'digest_mismatch', 'byte_range_gap_mismatch'. */
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
};

/** One object added or changed after a signed revision, and whether a rule allows it. */
export type ModificationFinding = {
  /** 0-based index of the revision (oldest first) that made the change. */
  readonly revision: number;
  readonly objectNumber: number;
  readonly allowed: boolean;
  /** The rule that explains it, or why it is forbidden, e.g. 'signature_field_added', 'page_content_changed'. */
  readonly code: string;
};

export type CertificateSummary = {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
};

export type SignatureVerdict = 'valid' | 'valid-untrusted' | 'modified' | 'invalid';

export type SignatureReport = {
  readonly fieldName: string;
  /** Object number of the signature dictionary. */
  readonly objectNumber: number;
  readonly subFilter: string | undefined;
  readonly signerName: string | undefined;
  /** /M as written: unverified unless a timestamp proves it. */
  readonly claimedSigningTime: string | undefined;
  readonly byteRange: readonly number[] | undefined;
  /** 0-based revision (oldest first) the signature covers, when its range ends exactly at one. */
  readonly coveredRevision: number | undefined;
  readonly coversWholeFile: boolean;
  readonly certification: { readonly permission: 1 | 2 | 3 } | undefined;
  readonly signer: CertificateSummary | undefined;
  readonly chain: readonly CertificateSummary[];
  /**
   * SHA-256 (hex) of the bytes /ByteRange covers: what the signature signs, whatever the unsigned
   * /Contents gap holds (its spelling, a malleable ECDSA value, padding). The registry knows each
   * document it issued by it. Undefined when the /ByteRange is unusable.
   */
  readonly signedRangeSha256: string | undefined;
  readonly checks: readonly Check[];
  readonly modifications: readonly ModificationFinding[];
  readonly verdict: SignatureVerdict;
};

export type Verdict = 'valid' | 'valid-untrusted' | 'modified' | 'invalid' | 'revoked' | 'unsigned';

export type VerificationReport = {
  readonly verdict: Verdict;
  readonly sha256: string;
  readonly size: number;
  readonly revisions: number;
  readonly signatures: readonly SignatureReport[];
  /** Findings about the file as a whole, e.g. 'trailing_bytes', 'ambiguous_structure'. */
  readonly warnings: readonly Check[];
  readonly registry: readonly RegistryMatch[];
  /**
   * The documents we issued from this very file: it is their original as the department submitted it
   * (its SHA-256 is the record's original hash), not a signed copy. Informs; never changes the verdict.
   */
  readonly originalOf: readonly OriginalOf[];
};

/**
 * A document issued from the uploaded file, named with what its public page shows. `code` says what
 * this means for the reader, with a sentence in each language (views/messages).
 */
export type OriginalOf = {
  readonly code: 'original_of_registered_document' | 'original_of_revoked_document';
  readonly documentId: string;
  readonly title?: string;
  /** The issuing department's code and names. */
  readonly department: string;
  readonly departmentName: { readonly zh: string; readonly en: string };
  /** When we signed it (ISO 8601). */
  readonly signedAt: string;
  readonly status: 'active' | 'revoked';
  readonly revocationReason?: string;
  /** The public page where the signed copy is checked (its QR code's target). */
  readonly verifyUrl: string;
};

/** A document we issued that the file, one of its signed revisions or one of its signatures matches. */
export type RegistryMatch = RegisteredDocument & MatchedBy;

export type RegisteredDocument = {
  readonly documentId: string;
  readonly department: string;
  readonly status: 'active' | 'revoked';
  readonly revocationReason?: string;
};

/**
 * What matched, strongest first: 'file', the whole upload is the file we issued; a number, the
 * revision (0-based) whose bytes are that file; 'signature', a signature in the file is the one we
 * made for the document (it covers the same bytes), whatever its unsigned /Contents gap holds. The signature names itself as in `signatures` (object number, field name).
 */
export type MatchedBy =
  | { readonly matched: 'file' }
  | { readonly matched: number }
  | { readonly matched: 'signature'; readonly objectNumber: number; readonly fieldName: string };
