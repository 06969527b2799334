import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentModel } from '../../src/storage/models/document.js';
import { respellGap, type GapSpelling } from '../attacks/lib/respell-gap.js';
import { bearer, binary, freshClient } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { withTempDir } from '../helpers/tool-run.js';
import { makeNssDb, runPdfsig } from '../helpers/verifiers.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;
const SPELLINGS: readonly GapSpelling[] = ['upper-case', 'padding-as-white-space', 'cms-moved'];

type AuditEntry = { type: string; documentId?: string; owner?: string; actor: { kind: string }; details: Record<string, unknown> };

/**
 * The registry matches a signature by what it signed (the SHA-256 of the bytes it covers), so
 * re-spelling the unsigned /Contents gap, which changes the file's hash, cannot hide a revocation.
 */
describe('the registry matches what the signature signed, not the bytes of its gap', () => {
  let t: TestApp;

  const verify = (pdf: Buffer) => request(t.app).post('/api/v1/verify').set('X-Forwarded-For', freshClient()).attach('file', pdf, 'upload.pdf');
  const signAndDownload = async (): Promise<{ id: string; bytes: Buffer }> => {
    const res = await request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', await makePdfLibDoc({ pages: 1 }), 'in.pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const file = await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary);
    return { id: res.body.id as string, bytes: file.body as Buffer };
  };
  const revoke = async (id: string): Promise<void> => {
    const res = await request(t.app).post(`/api/v1/documents/${id}/revoke`).set(bearer(t.revokeKeys.demo)).send({ reason: 'Issued in error' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const auditOf = async (key: string): Promise<AuditEntry[]> => {
    const res = await request(t.app).get('/api/v1/audit?limit=500').set(bearer(key));
    expect(res.status).toBe(200);
    return res.body.events as AuditEntry[];
  };

  beforeAll(async () => {
    t = await startTestApp('http_registry_signature', { trustProxy: 1 });
  });
  afterAll(async () => t?.close());

  it('records what the signature signed, and the verifier reports the same values', async () => {
    const { id, bytes } = await signAndDownload();
    const record = await documentModel(t.conn).findById(id).lean().exec();
    expect(record?.sha256SignedRange).toMatch(HEX64);
    const report = (await verify(bytes)).body;
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ signedRangeSha256: record!.sha256SignedRange });
    // The whole file is still matched as the file: one entry per document, the strongest match.
    expect(report.registry).toEqual([{ documentId: id, department: 'demo', status: 'active', matched: 'file' }]);
  });

  it('a revoked document is revoked however its gap is spelled, and its department audits each verification', async () => {
    const { id, bytes } = await signAndDownload();
    const unchanged = (await verify(bytes)).body;
    await revoke(id);
    const { objectNumber, fieldName, signedRangeSha256 } = unchanged.signatures[0];

    for (const spelling of SPELLINGS) {
      const respelled = respellGap(bytes, spelling);
      expect(respelled.length).toBe(bytes.length);
      expect(sha256(respelled)).not.toBe(sha256(bytes));
      await withTempDir(async (dir) => {
        makeNssDb(dir, [t.rootCertPem]);
        const path = join(dir, `${spelling}.pdf`);
        writeFileSync(path, respelled);
        const { signatures, raw } = runPdfsig(path, dir);
        expect(raw, spelling).toContain('Signature is Valid');
        expect(signatures.map((s) => s.signatureValid)).toEqual([true]);
      });

      const res = await verify(respelled);
      expect(res.status).toBe(200);
      expect(res.body.verdict, spelling).toBe('revoked');
      expect(res.body.sha256).toBe(sha256(respelled));
      expect(res.body.registry).toEqual([
        { documentId: id, department: 'demo', status: 'revoked', revocationReason: 'Issued in error', matched: 'signature', objectNumber, fieldName },
      ]);
      // The signature itself is intact and says what it signed exactly as before.
      expect(res.body.signatures[0]).toMatchObject({ verdict: 'valid', signedRangeSha256 });

      const page = await verify(respelled).set('Accept', 'text/html');
      expect(page.text).toContain(`href="/v/${id}"`);
      expect(page.text).toContain('signature 1 is the one we made for this document');
    }

    const stillTheFile = (await verify(bytes)).body;
    expect(stillTheFile).toMatchObject({ verdict: 'revoked', registry: [{ documentId: id, matched: 'file' }] });

    const respelledHashes = SPELLINGS.map((s) => sha256(respellGap(bytes, s)));
    const demoVerifies = (await auditOf(t.keys.demo)).filter((e) => e.type === 'verify' && e.documentId === id);
    for (const hash of respelledHashes) {
      expect(demoVerifies.filter((e) => e.details.sha256 === hash), hash).toContainEqual(
        expect.objectContaining({ owner: 'demo', actor: expect.objectContaining({ kind: 'public' }), details: { verdict: 'revoked', sha256: hash, matched: 'signature' } }),
      );
    }
    const otherDepartment = await auditOf(t.keys['demo-ec']);
    expect(otherDepartment.filter((e) => e.documentId === id)).toEqual([]);
  });

  it('a record made before the signed range was recorded still matches by its hash, and only by it', async () => {
    const { id, bytes } = await signAndDownload();
    await documentModel(t.conn).updateOne({ _id: id }, { $unset: { sha256SignedRange: 1 } }).exec();
    await revoke(id);
    expect((await verify(bytes)).body).toMatchObject({ verdict: 'revoked', registry: [{ documentId: id, matched: 'file' }] });
    // Nothing recorded to match a re-spelled copy by: the limit of such records, which no migration lifts.
    expect((await verify(respellGap(bytes, 'upper-case'))).body).toMatchObject({ verdict: 'valid', registry: [] });
  });
});
