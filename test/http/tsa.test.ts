import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsaPaths } from '../../src/keys/tsa-identity.js';
import { binary } from '../helpers/http-calls.js';
import { startTestApp, TEST_TSA_POLICY, type TestApp } from '../helpers/test-app.js';
import { makeTempDir, removeDir, runCapture, runOrThrow } from '../helpers/tool-run.js';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await startTestApp('http_tsa');
  dir = makeTempDir('docseal-http-tsa-');
  writeFileSync(join(dir, 'data.txt'), 'a document to time-stamp\n');
});
afterAll(async () => {
  await t.close();
  removeDir(dir);
});

const post = (body: Buffer, type = 'application/timestamp-query') =>
  request(t.app).post('/tsa').set('Content-Type', type).send(body).buffer(true).parse(binary);

describe('POST /tsa, the built-in time-stamping authority (RFC 3161 §3.4 over HTTP)', () => {
  it('answers an openssl query with a reply that openssl ts -verify accepts against the development chain', async () => {
    runOrThrow('openssl', ['ts', '-query', '-data', join(dir, 'data.txt'), '-sha256', '-cert', '-out', join(dir, 'q.tsq')]);
    const res = await post(readFileSync(join(dir, 'q.tsq')));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/timestamp-reply');
    expect(res.headers['cache-control']).toBe('no-store');
    writeFileSync(join(dir, 'r.tsr'), res.body as Buffer);
    expect(runOrThrow('openssl', ['ts', '-reply', '-in', join(dir, 'r.tsr'), '-text'])).toContain(`Policy OID: ${TEST_TSA_POLICY}`);
    const paths = tsaPaths(t.certsDir);
    const verify = runCapture('openssl', ['ts', '-verify', '-in', join(dir, 'r.tsr'), '-queryfile', join(dir, 'q.tsq'), '-CAfile', paths.chain, '-untrusted', paths.cert]);
    expect(verify.stdout + verify.stderr).toContain('Verification: OK');
  });

  it('answers bytes that are no request with 400 and a rejection reply that says why', async () => {
    const res = await post(Buffer.from('not a time-stamp request'));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/timestamp-reply');
    writeFileSync(join(dir, 'bad.tsr'), res.body as Buffer);
    const text = runOrThrow('openssl', ['ts', '-reply', '-in', join(dir, 'bad.tsr'), '-text']);
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain('Failure info: the data submitted has the wrong format');
  });

  it('refuses another media type with 400 invalid_request, and an oversized body with 413 too_large', async () => {
    const wrongType = await request(t.app).post('/tsa').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(10));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('invalid_request');
    const huge = await request(t.app).post('/tsa').set('Content-Type', 'application/timestamp-query').send(Buffer.alloc(100_000));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('too_large');
  });
});
