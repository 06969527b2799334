import { sign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { nullValue, readChildren, readTlv, sequence, tlv, tlvBytes } from '../../../src/core/cms/der.js';
import { checkTrust, type TrustInput } from '../../../src/core/verify/checks/trust.js';
import type { Check } from '../../../src/core/verify/report.js';
import {
  buildCrl,
  CA_EXTENSIONS,
  issue,
  makePki,
  newKey,
  NOW,
  SIGNER_EXTENSIONS,
  type Issued,
  type TestPki,
} from '../../helpers/verify-pki.js';

const DAY = 86_400_000;
const ROOT_SUBJECT = 'CN=Test Root CA, O=Verify Test PKI, C=CN';
const ISSUING_SUBJECT = 'CN=Test Issuing CA, O=Verify Test PKI, C=CN';

let pki: TestPki;

beforeAll(() => {
  pki = makePki();
});

function trust(overrides: Partial<TrustInput> = {}) {
  const result = checkTrust({
    signer: pki.signer.cert,
    certificates: [pki.signer.cert, pki.intermediate.cert, pki.root.cert],
    anchors: [pki.root.cert],
    at: NOW,
    now: NOW,
    ...overrides,
  });
  expect(result.checks.map((c) => c.id)).toEqual(['trust.chain', 'trust.validity', 'trust.key-usage', 'trust.revocation']);
  const byId = new Map<string, Check>(result.checks.map((c) => [c.id, c]));
  return { ...result, byId, code: (id: string) => byId.get(id)!.code };
}

/** The same certificate re-signed with sha1WithRSAEncryption (…1.1.11 → …1.1.5, same length). */
function resignWithSha1(cert: Buffer, issuerKey: KeyObject): Buffer {
  const outer = readTlv(cert, 0);
  const [tbs] = readChildren(cert, outer);
  const sha256Rsa = Buffer.from('06092a864886f70d01010b', 'hex');
  const sha1Rsa = Buffer.from('06092a864886f70d010105', 'hex');
  const tbsBytes = Buffer.from(tlvBytes(cert, tbs!));
  sha1Rsa.copy(tbsBytes, tbsBytes.indexOf(sha256Rsa));
  const algorithm = sequence(sha1Rsa, nullValue());
  return sequence(tbsBytes, algorithm, tlv(0x03, Buffer.of(0), sign('sha1', tbsBytes, issuerKey)));
}

/** A signer under `ca`, with the chain the CMS would carry. */
function under(ca: Issued, extra: Partial<Parameters<typeof issue>[0]> = {}): Issued {
  return issue({ cn: 'Other Signer', key: newKey('p256'), issuer: ca, extensions: SIGNER_EXTENSIONS, ...extra });
}

describe('checkTrust on a good chain', () => {
  it('reaches the anchor through the CMS certificates and summarises the path', () => {
    const { byId, chain, signerSummary } = trust();
    expect(byId.get('trust.chain')).toEqual({ id: 'trust.chain', status: 'passed', code: 'chain_trusted', params: { anchor: ROOT_SUBJECT } });
    expect(byId.get('trust.validity')!.code).toBe('certificates_valid');
    expect(byId.get('trust.key-usage')!.code).toBe('key_usage_valid');
    expect(byId.get('trust.revocation')).toMatchObject({ status: 'info', code: 'revocation_not_checked' });
    expect(chain.map((c) => c.subject)).toEqual(['CN=Test Signer, O=Verify Test PKI, C=CN', ISSUING_SUBJECT, ROOT_SUBJECT]);
    expect(signerSummary).toMatchObject({ issuer: ISSUING_SUBJECT, notAfter: new Date(NOW.getTime() + 365 * DAY).toISOString() });
    expect(signerSummary.serialNumber).toMatch(/^10[0-9a-f]{2}$/);
    expect(signerSummary.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds the anchor among the configured anchors when the CMS leaves the root out, in any order', () => {
    const { code, chain } = trust({ certificates: [pki.intermediate.cert, pki.signer.cert] });
    expect(code('trust.chain')).toBe('chain_trusted');
    expect(chain).toHaveLength(3);
  });
});

describe('checkTrust refuses bad chains', () => {
  it('an untrusted root: the chain is reported, valid-untrusted territory', () => {
    const stranger = issue({ cn: 'Stranger Root', key: newKey('p256'), extensions: CA_EXTENSIONS });
    const { byId, chain } = trust({ anchors: [stranger.cert] });
    expect(byId.get('trust.chain')).toEqual({ id: 'trust.chain', status: 'failed', code: 'chain_untrusted' });
    expect(chain).toHaveLength(3);
  });

  it('a missing intermediate', () => {
    const { code, chain } = trust({ certificates: [pki.signer.cert] });
    expect(code('trust.chain')).toBe('chain_untrusted');
    expect(chain).toHaveLength(1);
  });

  it('an intermediate whose signature does not verify is not issued by the root: the chain stops there, untrusted', () => {
    const tampered = Buffer.from(pki.intermediate.cert);
    tampered[tampered.length - 1]! ^= 1;
    const { byId, chain } = trust({ certificates: [pki.signer.cert, tampered] });
    expect(byId.get('trust.chain')).toEqual({ id: 'trust.chain', status: 'failed', code: 'chain_untrusted' });
    expect(chain.map((c) => c.subject)).toEqual(['CN=Test Signer, O=Verify Test PKI, C=CN', ISSUING_SUBJECT]);
  });

  it('an intermediate signed with SHA-1 is not chained through', () => {
    const sha1Issuing = resignWithSha1(pki.intermediate.cert, pki.root.privateKey);
    const { byId } = trust({ certificates: [pki.signer.cert, sha1Issuing] });
    expect(byId.get('trust.chain')).toEqual({
      id: 'trust.chain',
      status: 'failed',
      code: 'weak_certificate_signature',
      params: { subject: ISSUING_SUBJECT },
    });
  });

  it('an intermediate under the root name but another key is not chained (AKI/SKI differ)', () => {
    const fakeRoot = issue({ cn: 'Test Root CA', key: newKey('p256'), extensions: CA_EXTENSIONS });
    const fakeIssuing = issue({ cn: 'Test Issuing CA', key: newKey('p256'), issuer: fakeRoot, extensions: CA_EXTENSIONS });
    const signer = under(fakeIssuing);
    expect(trust({ signer: signer.cert, certificates: [signer.cert, fakeIssuing.cert] }).code('trust.chain')).toBe('chain_untrusted');
  });

  it('terminates on CAs that certify each other', () => {
    const keyA = newKey('p256');
    const keyB = newKey('p256');
    const b = issue({ cn: 'Loop B', key: keyB, extensions: CA_EXTENSIONS });
    const a = issue({ cn: 'Loop A', key: keyA, issuer: b, extensions: CA_EXTENSIONS });
    const bByA = issue({ cn: 'Loop B', key: keyB, issuer: a, extensions: CA_EXTENSIONS });
    const signer = under(a);
    const { code, chain } = trust({ signer: signer.cert, certificates: [signer.cert, a.cert, bByA.cert, b.cert] });
    expect(code('trust.chain')).toBe('chain_untrusted');
    expect(chain.length).toBeLessThanOrEqual(4);
  });

  it('an expired or not yet valid signer, judged at the given time', () => {
    const expired = under(pki.intermediate, { cn: 'Expired Signer', notAfter: new Date(NOW.getTime() - DAY) });
    const input = { signer: expired.cert, certificates: [expired.cert, pki.intermediate.cert] };
    expect(trust(input).byId.get('trust.validity')).toEqual({
      id: 'trust.validity',
      status: 'failed',
      code: 'certificate_expired',
      params: { subject: 'CN=Expired Signer, O=Verify Test PKI, C=CN', notAfter: new Date(NOW.getTime() - DAY).toISOString() },
    });
    expect(trust({ ...input, at: new Date(NOW.getTime() - 2 * DAY) }).code('trust.validity')).toBe('certificates_valid');
    const early = under(pki.intermediate, { notBefore: new Date(NOW.getTime() + DAY) });
    expect(trust({ signer: early.cert, certificates: [early.cert, pki.intermediate.cert] }).code('trust.validity')).toBe(
      'certificate_not_yet_valid',
    );
  });

  it('a signer without digitalSignature or nonRepudiation', () => {
    const signer = under(pki.intermediate, { extensions: { keyUsage: ['keyEncipherment'] } });
    const { byId } = trust({ signer: signer.cert, certificates: [signer.cert, pki.intermediate.cert] });
    expect(byId.get('trust.key-usage')).toMatchObject({ status: 'failed', code: 'key_usage_invalid', params: { reason: 'no_signing_bit' } });
  });

  it('an unknown critical extension in the signer certificate', () => {
    const extra = [{ oid: '1.3.6.1.4.1.99999.1', critical: true, value: Buffer.of(0x05, 0x00) }];
    const signer = under(pki.intermediate, { extensions: { ...SIGNER_EXTENSIONS, extra } });
    const { byId } = trust({ signer: signer.cert, certificates: [signer.cert, pki.intermediate.cert] });
    expect(byId.get('trust.key-usage')).toMatchObject({
      status: 'failed',
      code: 'unknown_critical_extension',
      params: { oid: '1.3.6.1.4.1.99999.1' },
    });
  });

  it.each([
    ['without basicConstraints', { keyUsage: ['keyCertSign'] }, 'not_a_ca'],
    ['with cA false', { basicConstraints: { ca: false }, keyUsage: ['keyCertSign'] }, 'not_a_ca'],
    ['without keyCertSign', { basicConstraints: { ca: true }, keyUsage: ['digitalSignature'] }, 'no_key_cert_sign'],
  ] as const)('an issuing CA %s', (_label, extensions, reason) => {
    const ca = issue({ cn: 'Weak CA', key: newKey('p256'), issuer: pki.root, extensions: { ...extensions, keyUsage: [...extensions.keyUsage] } });
    const signer = under(ca);
    const { byId } = trust({ signer: signer.cert, certificates: [signer.cert, ca.cert] });
    expect(byId.get('trust.chain')!.code).toBe('chain_trusted');
    expect(byId.get('trust.key-usage')).toMatchObject({
      status: 'failed',
      code: 'ca_constraints_invalid',
      params: { subject: 'CN=Weak CA, O=Verify Test PKI, C=CN', reason },
    });
  });

  it('a pathLenConstraint exceeded', () => {
    const sub = issue({ cn: 'Sub CA', key: newKey('p256'), issuer: pki.intermediate, extensions: CA_EXTENSIONS });
    const signer = under(sub);
    const { byId } = trust({ signer: signer.cert, certificates: [signer.cert, sub.cert, pki.intermediate.cert] });
    expect(byId.get('trust.key-usage')).toMatchObject({ code: 'ca_constraints_invalid', params: { subject: ISSUING_SUBJECT, reason: 'path_length_exceeded' } });
  });
});

describe('checkTrust revocation from the CRLs we hold', () => {
  const revokedOn = new Date(NOW.getTime() - 2 * DAY);

  it('a signer revoked before the signing time fails, naming it and the date', () => {
    const crl = buildCrl({ issuer: pki.intermediate, revoked: [{ cert: pki.signer.cert, date: revokedOn }] });
    const { byId } = trust({ crls: [crl] });
    expect(byId.get('trust.revocation')).toEqual({
      id: 'trust.revocation',
      status: 'failed',
      code: 'certificate_revoked',
      params: { subject: 'CN=Test Signer, O=Verify Test PKI, C=CN', date: new Date(Math.floor(revokedOn.getTime() / 1000) * 1000).toISOString() },
    });
  });

  it('a signer revoked after the signing time is a warning', () => {
    const crl = buildCrl({ issuer: pki.intermediate, revoked: [{ cert: pki.signer.cert, date: revokedOn }] });
    const { byId } = trust({ crls: [crl], at: new Date(NOW.getTime() - 10 * DAY) });
    expect(byId.get('trust.revocation')).toMatchObject({ status: 'warning', code: 'certificate_revoked_later' });
  });

  it('a signer revoked after a proven signing time passes (past signature validation)', () => {
    const crl = buildCrl({ issuer: pki.intermediate, revoked: [{ cert: pki.signer.cert, date: revokedOn }] });
    const { byId } = trust({ crls: [crl], at: new Date(NOW.getTime() - 10 * DAY), proven: true });
    expect(byId.get('trust.revocation')).toMatchObject({ status: 'passed', code: 'certificate_revoked_after_proven_time' });
    expect(trust({ crls: [crl], proven: true }).byId.get('trust.revocation')).toMatchObject({ status: 'failed', code: 'certificate_revoked' });
  });

  it('passes when every CA in the path published a CRL that does not list its certificate', () => {
    const other = under(pki.intermediate);
    const crls = [
      buildCrl({ issuer: pki.intermediate, revoked: [{ cert: other.cert, date: revokedOn }] }),
      buildCrl({ issuer: pki.root }),
    ];
    expect(trust({ crls }).byId.get('trust.revocation')).toEqual({ id: 'trust.revocation', status: 'passed', code: 'not_revoked' });
    expect(trust({ crls: crls.slice(0, 1) }).byId.get('trust.revocation')).toEqual({
      id: 'trust.revocation',
      status: 'info',
      code: 'revocation_not_checked',
      params: { subjects: [ISSUING_SUBJECT] },
    });
  });

  it('ignores a CRL signed by another key, one issued after now, and garbage', () => {
    const revoked = [{ cert: pki.signer.cert, date: revokedOn }];
    const forged = buildCrl({ issuer: pki.intermediate, signingKey: pki.root.privateKey, revoked });
    const future = buildCrl({ issuer: pki.intermediate, thisUpdate: new Date(NOW.getTime() + DAY), revoked });
    const result = trust({ crls: [forged, future, Buffer.from('not a crl')] });
    expect(result.code('trust.revocation')).toBe('revocation_not_checked');
  });

  it('uses the newest valid CRL', () => {
    const older = buildCrl({ issuer: pki.intermediate, thisUpdate: new Date(NOW.getTime() - 5 * DAY) });
    const newer = buildCrl({ issuer: pki.intermediate, thisUpdate: new Date(NOW.getTime() - DAY), revoked: [{ cert: pki.signer.cert, date: revokedOn }] });
    expect(trust({ crls: [older, newer] }).code('trust.revocation')).toBe('certificate_revoked');
  });
});
