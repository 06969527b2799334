import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTsaIdentity, tsaPaths } from '../../src/keys/tsa-identity.js';
import { answerTimestampQuery, type TimeStampingDeps } from '../../src/services/time-stamping.js';
import { openTimestampTokenRepository } from '../../src/storage/timestamp-token-repository.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';
import { signingKit, TEST_NOW, TEST_PASSPHRASE } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runCapture, runOrThrow } from '../helpers/tool-run.js';

const POLICY = '0.4.0.2023.1.1';
let conn: Connection;
let deps: TimeStampingDeps;
let dir: string;
let caFile: string;
let tsaCertFile: string;

beforeAll(async () => {
  const kit = await signingKit();
  const identity = await loadTsaIdentity(kit.certsDir, TEST_PASSPHRASE);
  if (!identity) throw new Error('the development PKI has no TSA');
  conn = await connectTestDatabase('services_time_stamping');
  deps = { tsa: { identity, policy: POLICY, accuracyMs: 1000, digestAlgorithm: 'sha256' }, tokens: await openTimestampTokenRepository(conn), now: () => TEST_NOW };
  dir = makeTempDir('docseal-tsa-');
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, readFileSync(tsaPaths(kit.certsDir).chain));
  tsaCertFile = tsaPaths(kit.certsDir).cert;
  writeFileSync(join(dir, 'data.txt'), 'a document to time-stamp\n');
});

afterAll(async () => {
  await closeTestDatabase(conn);
  removeDir(dir);
});

/** A query made by the openssl CLI, so no docseal code shapes the request. */
function opensslQuery(name: string, args: string[]): Buffer {
  const out = join(dir, `${name}.tsq`);
  runOrThrow('openssl', ['ts', '-query', '-data', join(dir, 'data.txt'), ...args, '-out', out]);
  return readFileSync(out);
}

async function reply(name: string, query: Buffer) {
  const answer = await answerTimestampQuery(deps, query);
  writeFileSync(join(dir, `${name}.tsr`), answer.reply);
  const text = runOrThrow('openssl', ['ts', '-reply', '-in', join(dir, `${name}.tsr`), '-text']);
  return { answer, text };
}

describe('the built-in time-stamping authority (RFC 3161)', () => {
  it('answers an openssl query with a token that openssl ts -verify accepts', async () => {
    const query = opensslQuery('granted', ['-sha256', '-cert']);
    const { answer, text } = await reply('granted', query);
    expect(answer.status).toBe('granted');
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${POLICY}`);
    expect(text).toContain('Accuracy: 0x01 seconds');
    expect(text).toMatch(/TSA: DirName:.*Time-Stamping Authority/);
    const verify = runCapture('openssl', ['ts', '-verify', '-in', join(dir, 'granted.tsr'), '-queryfile', join(dir, 'granted.tsq'), '-CAfile', caFile, '-untrusted', tsaCertFile]);
    expect(verify.stdout + verify.stderr).toContain('Verification: OK');
  });

  it('echoes the nonce, names our policy when asked for it, and never repeats a serial number', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const query = opensslQuery(`nonce-${i}`, ['-sha512', '-tspolicy', POLICY]);
      const { answer, text } = await reply(`nonce-${i}`, query);
      expect(answer.status).toBe('granted');
      const asked = /Nonce: (0x[0-9A-F]+)/.exec(runOrThrow('openssl', ['ts', '-query', '-in', join(dir, `nonce-${i}.tsq`), '-text']))?.[1];
      expect(asked).toBeDefined();
      expect(text).toContain(`Nonce: ${asked}`);
      serials.add(/Serial number: (\S+)/.exec(text)![1]!);
      // Without -cert the token carries no certificate: -verify needs it given.
      const verify = runCapture('openssl', ['ts', '-verify', '-in', join(dir, `nonce-${i}.tsr`), '-queryfile', join(dir, `nonce-${i}.tsq`), '-CAfile', caFile, '-untrusted', tsaCertFile]);
      expect(verify.stdout + verify.stderr).toContain('Verification: OK');
    }
    expect(serials.size).toBe(5);
    expect(await deps.tokens.findBySerial((await answerTimestampQuery(deps, opensslQuery('stored', ['-sha256'])) as { serial: string }).serial)).toMatchObject({
      policy: POLICY,
      hashAlgorithm: 'sha256',
      imprint: createHash('sha256').update(readFileSync(join(dir, 'data.txt'))).digest('hex'),
    });
  });

  it.each([
    ['an imprint made with SHA-1', () => opensslQuery('sha1', ['-sha1']), 'badAlg', 'unrecognized or unsupported algorithm identifier'],
    ['another policy', () => opensslQuery('policy', ['-sha256', '-tspolicy', '1.2.3.4']), 'unacceptedPolicy', 'the requested TSA policy is not supported by the TSA'],
    ['bytes that are no request', () => Buffer.from('not a time-stamp request'), 'badDataFormat', 'the data submitted has the wrong format'],
    ['a request with trailing bytes', () => Buffer.concat([opensslQuery('trailing', ['-sha256']), Buffer.of(0)]), 'badDataFormat', 'the data submitted has the wrong format'],
  ])('rejects %s with its failure bit', async (_label, make, failure, opensslWords) => {
    const { answer, text } = await reply(`rejected-${failure}`, make());
    expect(answer).toMatchObject({ status: 'rejected', failure });
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain(`Failure info: ${opensslWords}`);
  });

  it('signs with a certificate whose only, critical, extended key usage is time-stamping', async () => {
    const cert = new X509Certificate(readFileSync(tsaCertFile));
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(runOrThrow('openssl', ['x509', '-in', tsaCertFile, '-noout', '-ext', 'extendedKeyUsage'])).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
  });
});
