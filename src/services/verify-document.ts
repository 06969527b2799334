import { originalOf } from '../core/verify/original-of.js';
import { finishReport, type VerificationFacts } from '../core/verify/verify-pdf.js';
import type { MatchedBy, OriginalOf, RegisteredDocument, RegistryMatch, VerificationReport } from '../core/verify/report.js';
import type { AuditActor } from '../core/audit/chain.js';
import type { DocumentRepository } from '../storage/document-repository.js';
import { ownerOf, type DocumentRecord } from '../storage/models/document.js';
import type { AuditTrail } from './audit-trail.js';
import { verifyUrlFor } from './sign-document.js';

/** Runs the pure verifier somewhere safe (src/workers/verify-pool.ts: off the main thread, bounded). */
export interface Verifier {
  verify(bytes: Buffer, now: Date): Promise<VerificationFacts>;
}

export type VerifyDocumentDeps = {
  readonly verifier: Verifier;
  readonly documents: DocumentRepository;
  readonly audit: AuditTrail;
  readonly clock: () => Date;
  /** The departments' names, by code, for the documents a report names. */
  readonly departments: ReadonlyMap<string, { readonly nameZh: string; readonly nameEn: string }>;
  /** The base of the public verification URLs (`<base>/v/<id>`). */
  readonly publicBaseUrl: string;
};

export type VerifyDocument = (bytes: Buffer, actor: AuditActor) => Promise<VerificationReport>;

/** The document a record describes, as a registry match names it. */
function registered(record: DocumentRecord): RegisteredDocument {
  return {
    documentId: record._id,
    department: record.department,
    status: record.status,
    ...(record.revocationReason !== undefined ? { revocationReason: record.revocationReason } : {}),
  };
}

/**
 * The strongest way a record matches: the whole file, a signed revision (both byte for byte what we
 * handed out), else one of the file's signatures. A signature matches when the bytes its /ByteRange
 * covers hash to what ours covered: that is what our signature signed, and nothing the unsigned
 * /Contents gap holds changes it (a re-spelled hex string, a malleable ECDSA value, extra bytes, a CMS
 * that no longer parses). Records made before it was recorded match by their signed hash only. The original a department submitted is not something we
 * issued (the same bytes may have been signed several times), so it never matches: the report names
 * the documents issued from it apart (`originalsOf`), and the hash lookup reports it.
 */
function matchedBy(facts: VerificationFacts, record: DocumentRecord): MatchedBy | undefined {
  if (record.sha256Signed === facts.report.sha256) return { matched: 'file' };
  const revision = facts.revisionHashes.find((r) => r.sha256 === record.sha256Signed);
  if (revision) return { matched: revision.revision };
  if (record.sha256SignedRange === undefined) return undefined;
  const signature = facts.report.signatures.find((s) => s.signedRangeSha256 === record.sha256SignedRange);
  return signature ? { matched: 'signature', objectNumber: signature.objectNumber, fieldName: signature.fieldName } : undefined;
}

/**
 * Each record that matches the upload, once, by the strongest evidence. A signature match says
 * nothing about the signature's integrity: the verdict (verdict.ts) lets a match make the file
 * `revoked`, never `valid`, so a CMS of ours copied onto other bytes stays `invalid` unless revoked.
 */
export function registryMatches(facts: VerificationFacts, records: readonly DocumentRecord[]): RegistryMatch[] {
  return records.flatMap((record) => {
    const by = matchedBy(facts, record);
    return by ? [{ ...registered(record), ...by }] : [];
  });
}

/**
 * The documents issued from the upload: records whose original is this file. The report names them
 * with what their public page already shows anyone (id, title, issuer, signing time, status, the page's
 * URL; never the applicant reference, reason or location), whoever uploads, as the registry matches
 * do; expired records are not found.
 */
export function originalsOf(sha256: string, records: readonly DocumentRecord[], deps: Pick<VerifyDocumentDeps, 'departments' | 'publicBaseUrl'>): OriginalOf[] {
  return records
    .filter((record) => record.sha256Original === sha256)
    .map((record) => {
      const names = deps.departments.get(record.department);
      return originalOf({
        documentId: record._id,
        ...(record.title !== undefined ? { title: record.title } : {}),
        department: record.department,
        departmentName: { zh: names?.nameZh ?? record.department, en: names?.nameEn ?? record.department },
        signedAt: record.signedAt.toISOString(),
        status: record.status,
        ...(record.revocationReason !== undefined ? { revocationReason: record.revocationReason } : {}),
        verifyUrl: verifyUrlFor(deps.publicBaseUrl, record._id),
      });
    });
}

/** What each signature with a usable /ByteRange signed. */
function signedRanges(facts: VerificationFacts): string[] {
  return facts.report.signatures.flatMap((s) => (s.signedRangeSha256 === undefined ? [] : [s.signedRangeSha256]));
}

/** The records found by hash and by signature, each once, oldest first. */
async function candidateRecords(documents: DocumentRepository, facts: VerificationFacts): Promise<DocumentRecord[]> {
  const hashes = [facts.report.sha256, ...facts.revisionHashes.map((r) => r.sha256)];
  const [byHash, bySignature] = await Promise.all([documents.findByHashes(hashes), documents.findBySignedRanges(signedRanges(facts))]);
  const unique = new Map([...byHash, ...bySignature].map((r) => [r._id, r]));
  return [...unique.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/**
 * The document a verification concerns, for its department's audit: the whole file's match, else the
 * first other one, and how it matched (a signature match means the file is not the one we handed out);
 * without any, the first document issued from the file (`original`).
 */
function matchedDocument(report: VerificationReport, records: readonly DocumentRecord[]): { documentId: string; owner: string; matched: string | number } | undefined {
  const m = report.registry.find((r) => r.matched === 'file') ?? report.registry[0];
  const concerned = m ? { documentId: m.documentId, matched: m.matched } : report.originalOf[0] ? { documentId: report.originalOf[0].documentId, matched: 'original' } : undefined;
  const record = concerned ? records.find((r) => r._id === concerned.documentId) : undefined;
  // The owner, not the signer: a filed report is signed by the service and owned by its requester.
  return concerned && record ? { ...concerned, owner: ownerOf(record) } : undefined;
}

/**
 * Verifies an upload off the main thread, consults the registry for the file, its signed revisions and
 * its signatures, and audits the verdict (the file's hash, never its bytes) under the matched document,
 * so its department sees the verification.
 */
export function createVerifyDocument(deps: VerifyDocumentDeps): VerifyDocument {
  return async (bytes, actor) => {
    const facts = await deps.verifier.verify(bytes, deps.clock());
    const records = await candidateRecords(deps.documents, facts);
    const report = finishReport(facts, registryMatches(facts, records), originalsOf(facts.report.sha256, records, deps));
    const matched = matchedDocument(report, records);
    await deps.audit.append({
      type: 'verify',
      actor,
      ...(matched ? { documentId: matched.documentId, owner: matched.owner } : {}),
      details: { verdict: report.verdict, sha256: report.sha256, ...(matched ? { matched: matched.matched } : {}) },
    });
    return report;
  };
}
