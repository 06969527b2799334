import { finishReport, type VerificationFacts } from '../core/verify/verify-pdf.js';
import type { RegistryMatch, VerificationReport } from '../core/verify/report.js';
import type { AuditActor } from '../core/audit/chain.js';
import type { DocumentRepository } from '../storage/document-repository.js';
import type { DocumentRecord } from '../storage/models/document.js';
import type { AuditTrail } from './audit-trail.js';

/** Runs the pure verifier somewhere safe (src/workers/verify-pool.ts: off the main thread, bounded). */
export interface Verifier {
  verify(bytes: Buffer, now: Date): Promise<VerificationFacts>;
}

export type VerifyDocumentDeps = {
  readonly verifier: Verifier;
  readonly documents: DocumentRepository;
  readonly audit: AuditTrail;
  readonly clock: () => Date;
};

export type VerifyDocument = (bytes: Buffer, actor: AuditActor) => Promise<VerificationReport>;

/**
 * Only the bytes we handed out count as issued: a record matches the whole upload, or one of its signed
 * revisions, by its signed hash. The original a department submitted is not something we issued (the
 * same bytes may have been signed several times), so it never decides a verdict; the hash lookup
 * still reports it.
 */
export function registryMatches(facts: VerificationFacts, records: readonly DocumentRecord[]): RegistryMatch[] {
  const matches: RegistryMatch[] = [];
  const fileHash = facts.report.sha256;
  for (const record of records) {
    const base = {
      documentId: record._id,
      department: record.department,
      status: record.status,
      ...(record.revocationReason !== undefined ? { revocationReason: record.revocationReason } : {}),
    };
    if (record.sha256Signed === fileHash) matches.push({ ...base, matched: 'file' });
    for (const { revision, sha256 } of facts.revisionHashes) {
      if (sha256 === record.sha256Signed && sha256 !== fileHash) matches.push({ ...base, matched: revision });
    }
  }
  return matches;
}

/** The registry entry an audit event names: the file itself when it matched, else the first revision. */
/** The document a verification concerns: the whole file's match, else the first signed revision's. */
function matchedDocument(report: VerificationReport): { documentId: string; owner: string } | undefined {
  const m = report.registry.find((r) => r.matched === 'file') ?? report.registry[0];
  return m ? { documentId: m.documentId, owner: m.department } : undefined;
}

/**
 * Verifies an upload off the main thread, consults the registry for the file and its signed revisions,
 * and audits the verdict (the file's hash, never its bytes).
 */
export function createVerifyDocument(deps: VerifyDocumentDeps): VerifyDocument {
  return async (bytes, actor) => {
    const facts = await deps.verifier.verify(bytes, deps.clock());
    const hashes = [facts.report.sha256, ...facts.revisionHashes.map((r) => r.sha256)];
    const records = await deps.documents.findByHashes(hashes);
    const report = finishReport(facts, registryMatches(facts, records));
    const matched = matchedDocument(report);
    await deps.audit.append({
      type: 'verify',
      actor,
      ...matched,
      details: { verdict: report.verdict, sha256: report.sha256 },
    });
    return report;
  };
}
