import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChildren, readTlv, tlv, type Tlv } from '../../src/core/cms/der.js';
import { layoutOf } from '../attacks/lib/inspect.js';
import { bearer, binary, freshClient } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { withTempDir } from '../helpers/tool-run.js';
import { makeNssDb, runPdfsig } from '../helpers/verifiers.js';

/** Order of the P-256 group (SEC 2 §2.4.2). */
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

type CmsEdit = (cms: Buffer) => Buffer;

const intBytes = (v: bigint): Buffer => {
  const hex = v.toString(16);
  const b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return b[0]! & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b;
};

/** `parent` re-encoded with child `index` replaced by `replacement` (whole TLV bytes). */
function rebuild(buf: Buffer, parent: Tlv, index: number, replacement: Buffer): Buffer {
  return tlv(parent.tag, ...readChildren(buf, parent).map((k, i) => (i === index ? replacement : buf.subarray(k.start, k.end))));
}

/** (r, s) to (r, n - s): the other ECDSA signature of the same digest under the same key, made without it. */
const malleateEcdsa: CmsEdit = (cms) => {
  const ci = readTlv(cms, 0);
  const [contentType, explicit0] = readChildren(cms, ci);
  const [sd] = readChildren(cms, explicit0!);
  const sdKids = readChildren(cms, sd!);
  const siSet = sdKids[sdKids.length - 1]!;
  const [si] = readChildren(cms, siSet);
  const siKids = readChildren(cms, si!);
  const sigIndex = siKids.findIndex((k, i) => k.tag === 0x04 && i > 2);
  const [r, s] = readChildren(cms, readTlv(cms, siKids[sigIndex]!.valueStart));
  const flipped = tlv(0x30, cms.subarray(r!.start, r!.end), tlv(0x02, intBytes(P256_N - BigInt(`0x${cms.subarray(s!.valueStart, s!.end).toString('hex')}`))));
  const newSd = rebuild(cms, sd!, sdKids.length - 1, tlv(0x31, rebuild(cms, si!, sigIndex, tlv(0x04, flipped))));
  return tlv(ci.tag, cms.subarray(contentType!.start, contentType!.end), tlv(0xa0, newSd));
};

/** A byte after the DER that is not zero padding. */
const trailingByte: CmsEdit = (cms) => Buffer.concat([cms, Buffer.of(0xff)]);

/** The outer ContentInfo length in a longer form than DER allows (BER). */
const longFormLength: CmsEdit = (cms) => {
  const outer = readTlv(cms, 0);
  const len = outer.end - outer.valueStart;
  return Buffer.concat([Buffer.of(0x30, 0x84, (len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255), cms.subarray(outer.valueStart, outer.end)]);
};

/** The signed file with its CMS edited in the unsigned /Contents gap; no signed byte changes. */
function editGap(signed: Buffer, edit: CmsEdit): Buffer {
  const [, gapStart, gapEnd] = layoutOf(signed).byteRange as [number, number, number, number];
  const hex = signed.subarray(gapStart + 1, gapEnd - 1).toString('latin1');
  const cms = Buffer.from(hex, 'hex');
  const next = edit(cms.subarray(0, readTlv(cms, 0).end)).toString('hex');
  if (next.length > hex.length) throw new Error('the edited CMS does not fit the gap');
  const out = Buffer.from(signed);
  out.write(next + '0'.repeat(hex.length - next.length), gapStart + 1, 'latin1');
  return out;
}

/**
 * The registry matches a signature by the bytes its /ByteRange covers, so whatever the unsigned gap
 * holds (an ECDSA signature malleated without the key, bytes after the DER, a BER length) a revoked
 * document stays revoked. pdfsig accepts each of these as a valid signature.
 */
describe('a revoked document with its /Contents gap rewritten', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('http_registry_gap_contents', { trustProxy: 1 });
  });
  afterAll(async () => t?.close());

  it.each<[string, 'demo' | 'demo-ec', CmsEdit, boolean]>([
    ['an ECDSA signature malleated to (r, n - s)', 'demo-ec', malleateEcdsa, true],
    ['a non-zero byte after the DER', 'demo', trailingByte, false],
    ['a long-form outer length', 'demo', longFormLength, false],
  ])('stays revoked: %s', async (_name, department, edit, stillValid) => {
    const made = await request(t.app).post('/api/v1/documents').set(bearer(t.keys[department])).attach('file', await makePdfLibDoc({ pages: 1 }), 'in.pdf');
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    const signed = (await request(t.app).get(`/api/v1/documents/${id}/file`).set(bearer(t.keys[department])).buffer(true).parse(binary)).body as Buffer;
    expect((await request(t.app).post(`/api/v1/documents/${id}/revoke`).set(bearer(t.revokeKeys[department])).send({ reason: 'Issued in error' })).status).toBe(200);

    const forged = editGap(signed, edit);
    await withTempDir(async (dir) => {
      makeNssDb(dir, [t.rootCertPem]);
      writeFileSync(join(dir, 'forged.pdf'), forged);
      expect(runPdfsig(join(dir, 'forged.pdf'), dir).raw).toContain('Signature is Valid');
    });
    const res = await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', freshClient()).attach('file', forged, 'forged.pdf');
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('revoked');
    expect(res.body.registry).toEqual([expect.objectContaining({ documentId: id, status: 'revoked', matched: 'signature' })]);
    // Our own strict reading of the container is unchanged: the malleated value verifies, the others are not DER.
    expect(res.body.signatures[0].verdict).toBe(stillValid ? 'valid' : 'invalid');
  });
});
