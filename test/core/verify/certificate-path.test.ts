import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkTrust } from '../../../src/core/verify/checks/trust.js';
import { signatureVerdict } from '../../../src/core/verify/verdict.js';
import type { CertificateExtensions } from '../../../src/core/pki/x509-extensions.js';
import { CA_EXTENSIONS, issue, newKey, NOW, SIGNER_EXTENSIONS, type Issued } from '../../helpers/verify-pki.js';

/**
 * Path building over same-name CAs (RFC 4158, RFC 5280 §6): impostor roots, rolled-over keys,
 * cross-certificates. Each case is judged the way a report is: checkTrust's checks, then the verdict.
 */
type Ids = 'with key identifiers' | 'without key identifiers';
const ID_MODES: readonly Ids[] = ['with key identifiers', 'without key identifiers'];

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');

/** CA or signer extensions, with the key identifiers the builder adds by default removed on request. */
function extensionsFor(base: CertificateExtensions, ids: Ids): CertificateExtensions {
  return ids === 'with key identifiers' ? base : { ...base, subjectKeyIdentifier: undefined, authorityKeyIdentifier: undefined };
}

function ca(cn: string, ids: Ids, issuer?: Issued): Issued {
  return issue({ cn, key: newKey('p256'), extensions: extensionsFor(CA_EXTENSIONS, ids), ...(issuer ? { issuer } : {}) });
}

function leaf(cn: string, issuer: Issued, ids: Ids): Issued {
  return issue({ cn, key: newKey('p256'), issuer, extensions: extensionsFor(SIGNER_EXTENSIONS, ids) });
}

function judge(signer: Issued, certificates: readonly Buffer[], anchors: readonly Buffer[]) {
  const result = checkTrust({ signer: signer.cert, certificates: [signer.cert, ...certificates], anchors, at: NOW, now: NOW });
  const chainCheck = result.checks.find((c) => c.id === 'trust.chain')!;
  return { verdict: signatureVerdict(result.checks, []), code: chainCheck.code, path: result.chain.map((c) => c.sha256) };
}

describe.each(ID_MODES)('a root that shares its name with a trust anchor (%s)', (ids) => {
  const trusted = ca('Collision Root', ids);
  const impostor = ca('Collision Root', ids);
  const fakeIssuing = ca('Collision Issuing CA', ids, impostor);
  const goodIssuing = ca('Collision Issuing CA', ids, trusted);

  it('a signer under the impostor is untrusted, not invalid, and the path ends at the impostor', () => {
    const signer = leaf('Impostor Signer', fakeIssuing, ids);
    const outcome = judge(signer, [fakeIssuing.cert, impostor.cert], [trusted.cert]);
    expect(outcome).toEqual({ verdict: 'valid-untrusted', code: 'chain_untrusted', path: [signer, fakeIssuing, impostor].map((c) => sha256(c.cert)) });
  });

  it('a signer under the trusted root is valid though the CMS also carries the impostor and its CA', () => {
    const signer = leaf('Good Signer', goodIssuing, ids);
    const outcome = judge(signer, [impostor.cert, fakeIssuing.cert, goodIssuing.cert], [trusted.cert]);
    expect(outcome).toEqual({ verdict: 'valid', code: 'chain_trusted', path: [signer, goodIssuing, trusted].map((c) => sha256(c.cert)) });
  });

  it('a forged leaf naming the real issuing CA, signed by another key, is not trusted', () => {
    const forger = { ...goodIssuing, privateKey: newKey('p256').privateKey };
    const forged = leaf('Forged Signer', forger, ids);
    const outcome = judge(forged, [goodIssuing.cert, trusted.cert], [trusted.cert]);
    expect(outcome).toEqual({ verdict: 'valid-untrusted', code: 'chain_untrusted', path: [sha256(forged.cert)] });
  });
});

describe.each(ID_MODES)('CA key rollover under one name (%s)', (ids) => {
  const oldRoot = ca('Rollover Root', ids);
  const newRoot = ca('Rollover Root', ids);
  const oldIssuing = ca('Rollover Issuing CA', ids, oldRoot);
  const newIssuing = ca('Rollover Issuing CA', ids, newRoot);
  const underOld = leaf('Signer Under Old Keys', oldIssuing, ids);
  const underNew = leaf('Signer Under New Keys', newIssuing, ids);
  const cases = [
    ['old', underOld, oldIssuing, oldRoot],
    ['new', underNew, newIssuing, newRoot],
  ] as const;

  it.each(cases)('a root rolled over: a document under the %s keys is valid, whatever order the CMS and the anchors take', (_label, signer, issuing, root) => {
    const expected = { verdict: 'valid', code: 'chain_trusted', path: [signer, issuing, root].map((c) => sha256(c.cert)) };
    for (const certificates of [[oldIssuing.cert, newIssuing.cert], [newIssuing.cert, oldIssuing.cert], [issuing.cert]]) {
      for (const anchors of [[oldRoot.cert, newRoot.cert], [newRoot.cert, oldRoot.cert]]) {
        expect(judge(signer, certificates, anchors)).toEqual(expected);
      }
    }
  });

  it('an issuing CA rolled over under one root: both keys verify, with both intermediates in either order', () => {
    const root = ca('Single Root', ids);
    const first = ca('Rolled Issuing CA', ids, root);
    const second = ca('Rolled Issuing CA', ids, root);
    for (const issuing of [first, second]) {
      const signer = leaf('Rolled Signer', issuing, ids);
      const expected = { verdict: 'valid', code: 'chain_trusted', path: [signer, issuing, root].map((c) => sha256(c.cert)) };
      expect(judge(signer, [first.cert, second.cert], [root.cert])).toEqual(expected);
      expect(judge(signer, [second.cert, first.cert], [root.cert])).toEqual(expected);
    }
  });

  it('only the old root trusted: the new keys are untrusted, the old ones still valid', () => {
    expect(judge(underNew, [oldIssuing.cert, newIssuing.cert], [oldRoot.cert])).toMatchObject({ verdict: 'valid-untrusted', code: 'chain_untrusted' });
    expect(judge(underOld, [newIssuing.cert, oldIssuing.cert], [oldRoot.cert])).toMatchObject({ verdict: 'valid', code: 'chain_trusted' });
  });
});

describe.each(ID_MODES)('a cross-certified path (%s)', (ids) => {
  const ourRoot = ca('Cross Our Root', ids);
  const theirKey = newKey('p256');
  const theirRoot = issue({ cn: 'Cross Their Root', key: theirKey, extensions: extensionsFor(CA_EXTENSIONS, ids) });
  const cross = issue({ cn: 'Cross Their Root', key: theirKey, issuer: ourRoot, extensions: extensionsFor(CA_EXTENSIONS, ids) });
  const theirIssuing = ca('Cross Their Issuing CA', ids, theirRoot);
  const signer = leaf('Cross Signer', theirIssuing, ids);
  const expected = { verdict: 'valid', code: 'chain_trusted', path: [signer, theirIssuing, cross, ourRoot].map((c) => sha256(c.cert)) };

  it('signer, issuing CA, cross-certificate, our root: valid with or without their self-signed root in the CMS', () => {
    expect(judge(signer, [theirIssuing.cert, cross.cert], [ourRoot.cert])).toEqual(expected);
    expect(judge(signer, [theirRoot.cert, theirIssuing.cert, cross.cert], [ourRoot.cert])).toEqual(expected);
    expect(judge(signer, [cross.cert, theirIssuing.cert, theirRoot.cert, ourRoot.cert], [ourRoot.cert])).toEqual(expected);
  });

  it('without the cross-certificate their root is untrusted', () => {
    expect(judge(signer, [theirIssuing.cert, theirRoot.cert], [ourRoot.cert])).toMatchObject({ verdict: 'valid-untrusted', code: 'chain_untrusted' });
  });
});

describe('key identifiers sort candidates but never eliminate one (RFC 4158 §3.5.12)', () => {
  it('a cross-certificate whose subject key identifier another CA computed differently still chains', () => {
    const ourRoot = ca('Odd Id Our Root', 'with key identifiers');
    const theirKey = newKey('p256');
    const theirRoot = issue({ cn: 'Odd Id Their Root', key: theirKey, extensions: CA_EXTENSIONS });
    const oddId = Buffer.alloc(20, 0x5a);
    const cross = issue({ cn: 'Odd Id Their Root', key: theirKey, issuer: ourRoot, extensions: { ...CA_EXTENSIONS, subjectKeyIdentifier: oddId } });
    const issuing = ca('Odd Id Issuing CA', 'with key identifiers', theirRoot);
    const signer = leaf('Odd Id Signer', issuing, 'with key identifiers');
    const outcome = judge(signer, [theirRoot.cert, issuing.cert, cross.cert], [ourRoot.cert]);
    expect(outcome).toEqual({ verdict: 'valid', code: 'chain_trusted', path: [signer, issuing, cross, ourRoot].map((c) => sha256(c.cert)) });
  });

  it('several same-name candidates that fail do not hide the issuer', () => {
    const root = ca('Crowded Root', 'without key identifiers');
    const impostors = Array.from({ length: 40 }, () => ca('Crowded Issuing CA', 'without key identifiers', ca('Crowded Root', 'without key identifiers')));
    const issuing = ca('Crowded Issuing CA', 'without key identifiers', root);
    const signer = leaf('Crowded Signer', issuing, 'without key identifiers');
    const outcome = judge(signer, [...impostors.map((c) => c.cert), issuing.cert], [root.cert]);
    expect(outcome).toEqual({ verdict: 'valid', code: 'chain_trusted', path: [signer, issuing, root].map((c) => sha256(c.cert)) });
  });

  it('the issuer whose key identifier matches is tried first, so more candidates than the signature budget do not hide it', () => {
    const root = ca('Budget Root', 'with key identifiers');
    const stranger = ca('Budget Root', 'without key identifiers');
    const impostors = Array.from({ length: 120 }, () => ca('Budget Issuing CA', 'without key identifiers', stranger));
    const issuing = ca('Budget Issuing CA', 'with key identifiers', root);
    const signer = leaf('Budget Signer', issuing, 'with key identifiers');
    const outcome = judge(signer, [...impostors.map((c) => c.cert), issuing.cert], [root.cert]);
    expect(outcome).toEqual({ verdict: 'valid', code: 'chain_trusted', path: [signer, issuing, root].map((c) => sha256(c.cert)) });
  });
});

describe('the anchor comes only from the trust store', () => {
  it.each(ID_MODES)('a CMS without the root reaches the anchor (%s)', (ids) => {
    const root = ca('Store Root', ids);
    const issuing = ca('Store Issuing CA', ids, root);
    const signer = leaf('Store Signer', issuing, ids);
    const expected = { verdict: 'valid', code: 'chain_trusted', path: [signer, issuing, root].map((c) => sha256(c.cert)) };
    expect(judge(signer, [issuing.cert], [root.cert])).toEqual(expected);
    expect(judge(signer, [issuing.cert], [ca('Unrelated Root', ids).cert, root.cert])).toEqual(expected);
  });
});
