import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectIdentifier, readChildren, readTlv, sequence, tlv } from '../../../src/core/cms/der.js';
import { OID } from '../../../src/core/cms/oids.js';
import { checkTimestamp, type TimestampInput } from '../../../src/core/verify/checks/timestamp.js';
import { readCmsFacts } from '../../../src/core/verify/cms-facts.js';
import type { CmsFacts } from '../../../src/core/verify/cms-facts-model.js';
import type { Check, SignatureReport } from '../../../src/core/verify/report.js';
import { readTstInfo } from '../../../src/core/verify/tst-info.js';
import { finishReport, verifyPdf } from '../../../src/core/verify/verify-pdf.js';
import { assembleCms, attribute, readCmsParts } from '../../helpers/cms-forge.js';
import { makeLegitimateFixtures, type LegitimateSet } from '../../helpers/independent-signers.js';
import { signingKit } from '../../helpers/signing-setup.js';
import { buildToken, makeTsa, TSA_EKU, type TsaPki } from '../../helpers/timestamp-token.js';
import { makeTempDir, removeDir } from '../../helpers/tool-run.js';

const DAY = 86_400_000;

let dir: string;
let set: LegitimateSet;
/** The pyHanko-signed PDF whose CMS carries a DummyTimeStamper token. */
let pdf: Buffer;
let cms: CmsFacts;
let token: Buffer;
/** Certificates from openssl start at the real time of the run, so checks run at the real time too. */
let now: Date;
let tsaPki: TsaPki;

beforeAll(async () => {
  dir = makeTempDir('docseal-timestamp-');
  set = await makeLegitimateFixtures(dir, await signingKit());
  now = new Date();
  pdf = set.fixtures.find((f) => f.name === 'pyhanko-timestamped')!.pdf;
  cms = readCmsFacts(contentsOf(pdf)).facts!;
  token = cms.signerInfo.timeStampToken!;
  tsaPki = makeTsa({ notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() + 30 * DAY) });
});

afterAll(() => removeDir(dir));

/** The DER in the last signature's /Contents, found through the verifier's own ByteRange. */
function contentsOf(file: Buffer): Buffer {
  const br = verifyPdf({ bytes: file, anchors: [], now: new Date() }).report.signatures[0]!.byteRange!;
  return Buffer.from(file.toString('latin1', br[1]! + 1, br[2]! - 1), 'hex');
}

function timestamp(overrides: Partial<TimestampInput> = {}): { check: Check; time?: Date } {
  const result = checkTimestamp({ token, covered: { bytes: cms.signerInfo.signature }, anchors: set.anchors, now, ...overrides });
  expect(result.checks).toHaveLength(1);
  return { check: result.checks[0]!, time: result.time };
}

/** The PDF with its CMS's unsigned attributes replaced (they lie outside what the signature covers). */
function withToken(replacement: Buffer): Buffer {
  const contents = contentsOf(pdf);
  const parts = readCmsParts(contents);
  const unsignedAttrs = tlv(0xa1, attribute(OID.signatureTimeStampToken, replacement));
  const hex = Buffer.from(assembleCms({ ...parts, unsignedAttrs }).toString('hex').toUpperCase(), 'latin1');
  const br = verifyPdf({ bytes: pdf, anchors: [], now }).report.signatures[0]!.byteRange!;
  const room = br[2]! - 1 - (br[1]! + 1);
  expect(hex.length).toBeLessThanOrEqual(room);
  const out = Buffer.from(pdf);
  out.fill('0', br[1]! + 1, br[2]! - 1);
  hex.copy(out, br[1]! + 1);
  return out;
}

function verifyOne(file: Buffer, anchors: readonly Buffer[]): { s: SignatureReport; byId: (id: Check['id']) => Check | undefined } {
  const report = finishReport(verifyPdf({ bytes: file, anchors, now }), []);
  const s = report.signatures[0]!;
  return { s, byId: (id) => s.checks.find((c) => c.id === id) };
}

function claimedTime(): Date {
  return new Date(verifyOne(pdf, set.anchors).s.claimedSigningTime!);
}

describe('checkTimestamp on pyHanko\'s DummyTimeStamper token', () => {
  it('passes with the TSA root as an anchor and proves genTime', () => {
    const { check, time } = timestamp();
    expect(check).toMatchObject({ id: 'timestamp', status: 'passed', code: 'timestamp_valid' });
    expect(check.params?.tsa).toContain('Independent Test TSA');
    expect(time).toBeInstanceOf(Date);
    expect(check.params?.time).toBe(time!.toISOString());
    expect(Math.abs(time!.getTime() - claimedTime().getTime())).toBeLessThan(60_000);
  });

  it('reads the TSTInfo: version 1, SHA-256 imprint of the signature value, pyHanko\'s nonce and TSA name', () => {
    const tst = readTstInfo(readCmsFacts(token, { encapsulatedType: OID.tstInfo }).facts!.encapsulatedContent!);
    expect(tst.version).toBe(1);
    expect(tst.imprint.hashedMessage).toEqual(createHash('sha256').update(cms.signerInfo.signature).digest());
    expect(tst.nonce).toBeDefined();
    expect(tst.tsa).toBeDefined();
  });

  it('keeps the detached rule for the main signature: the token is no PAdES CMS', () => {
    expect(readCmsFacts(token).check?.code).toBe('encapsulated_content_not_data');
    expect(readCmsFacts(contentsOf(pdf), { encapsulatedType: OID.tstInfo }).check?.code).toBe('encapsulated_content_type_mismatch');
  });

  it('fails a token paired with another signature value (imprint mismatch)', () => {
    const other = Buffer.from(cms.signerInfo.signature);
    other[10]! ^= 0x01;
    expect(timestamp({ covered: { bytes: other } }).check).toMatchObject({ status: 'failed', code: 'timestamp_imprint_mismatch' });
  });

  it('fails a token whose genTime was edited (its signature no longer covers the TSTInfo)', () => {
    const forged = Buffer.from(token);
    const content = readCmsFacts(token, { encapsulatedType: OID.tstInfo }).facts!.encapsulatedContent!;
    const at = forged.indexOf(content);
    const genTime = readChildren(content, readTlv(content, 0))[4]!;
    const yearDigit = at + genTime.valueStart + 3;
    forged[yearDigit] = forged[yearDigit] === 0x30 ? 0x31 : forged[yearDigit]! - 1;
    const { check, time } = timestamp({ token: forged });
    expect(check).toMatchObject({ status: 'failed', code: 'timestamp_signature_invalid', params: { reason: 'digest_mismatch' } });
    expect(time).toBeUndefined();
  });

  it('warns, and proves no time, when the TSA chain reaches no anchor', () => {
    const { check, time } = timestamp({ anchors: [] });
    expect(check).toMatchObject({ status: 'warning', code: 'timestamp_untrusted', params: { reason: 'chain_untrusted' } });
    expect(time).toBeUndefined();
  });

  it('refuses a token that is not a TimeStampToken at all', () => {
    expect(timestamp({ token: sequence(objectIdentifier(OID.signedData)) }).check).toMatchObject({ status: 'failed', code: 'timestamp_malformed' });
  });
});

describe('checkTimestamp on tokens built in the test', () => {
  const options = () => ({ tsa: tsaPki.tsa, signatureValue: cms.signerInfo.signature, genTime: new Date(now.getTime() - 1234) });
  const check = (built: Buffer, anchors: readonly Buffer[] = [tsaPki.root.cert], signatureValue = cms.signerInfo.signature) =>
    checkTimestamp({ token: built, covered: { bytes: signatureValue }, anchors, now });

  it('passes a well-formed token from a TSA with the critical time-stamping EKU, genTime to the millisecond', () => {
    const result = check(buildToken(options()));
    expect(result.checks).toEqual([
      { id: 'timestamp', status: 'passed', code: 'timestamp_valid', params: { time: options().genTime.toISOString(), tsa: 'CN=Test TSA, O=Verify Test PKI, C=CN' } },
    ]);
    expect(result.time?.getTime()).toBe(now.getTime() - 1234);
  });

  it('fails a TSA certificate without the id-kp-timeStamping EKU, or with it non-critical, or not alone', () => {
    const when = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + DAY) };
    const cases = [
      { eku: null, reason: 'absent' },
      { eku: { ...TSA_EKU, critical: false }, reason: 'not_critical' },
      { eku: { ...TSA_EKU, value: sequence(objectIdentifier(OID.kpTimeStamping), objectIdentifier('1.3.6.1.5.5.7.3.4')) }, reason: 'not_sole_purpose' },
      { eku: { ...TSA_EKU, value: sequence(objectIdentifier('1.3.6.1.5.5.7.3.4')) }, reason: 'absent' },
    ];
    for (const { eku, reason } of cases) {
      const other = makeTsa({ eku, ...when });
      const result = check(buildToken({ ...options(), tsa: other.tsa }), [other.root.cert]);
      expect(result.checks[0], reason).toMatchObject({ status: 'failed', code: 'timestamp_eku_missing', params: { reason } });
      expect(result.time).toBeUndefined();
    }
  });

  it('warns about a TSA under an unknown root', () => {
    expect(check(buildToken(options()), set.anchors).checks[0]).toMatchObject({ status: 'warning', code: 'timestamp_untrusted' });
  });

  it('fails a TSA certificate not valid at genTime', () => {
    const result = check(buildToken({ ...options(), genTime: new Date(now.getTime() - 60 * DAY) }));
    expect(result.checks[0]).toMatchObject({ status: 'failed', code: 'timestamp_certificate_invalid', params: { reason: 'certificate_not_yet_valid' } });
  });

  it('fails a SHA-1 imprint as weak, and a wrong imprint as a mismatch', () => {
    expect(check(buildToken({ ...options(), imprintHash: 'sha1' })).checks[0]).toMatchObject({ code: 'timestamp_weak_digest' });
    expect(check(buildToken(options()), undefined, Buffer.from('another signature')).checks[0]).toMatchObject({ code: 'timestamp_imprint_mismatch' });
  });

  it('fails a token whose content type is not id-ct-TSTInfo, or that does not bind its TSA certificate (ESS)', () => {
    expect(check(buildToken({ ...options(), eContentType: OID.data })).checks[0]).toMatchObject({
      code: 'timestamp_malformed',
      params: { reason: 'encapsulated_content_type_mismatch' },
    });
    expect(check(buildToken({ ...options(), signingCertificate: false })).checks[0]).toMatchObject({
      code: 'timestamp_signature_invalid',
      params: { reason: 'signing_certificate_absent' },
    });
  });
});

describe('verifyPdf with a signature-time-stamp token', () => {
  it('judges the signer certificate at the proven genTime, and says /M is consistent with it', () => {
    const { s, byId } = verifyOne(pdf, set.anchors);
    const time = byId('timestamp')!.params!.time;
    expect(byId('timestamp')!.status).toBe('passed');
    expect(byId('trust.validity')!.params?.at).toBe(time);
    expect(byId('claimed-time')).toMatchObject({ status: 'info', code: 'claimed_time_proven', params: { timestampTime: time } });
    expect(s.verdict).toBe('valid');
  });

  it('leaves /M unverified when the TSA is not trusted', () => {
    const { byId } = verifyOne(pdf, []);
    expect(byId('timestamp')!.code).toBe('timestamp_untrusted');
    expect(byId('claimed-time')!.code).toBe('claimed_time_unverified');
    expect(byId('trust.validity')!.params?.at).toBe(byId('claimed-time')!.params!.time);
  });

  it('takes the time of a replacement token from another trusted TSA', () => {
    const genTime = new Date(claimedTime().getTime() + 2000);
    const file = withToken(buildToken({ tsa: tsaPki.tsa, signatureValue: cms.signerInfo.signature, genTime }));
    const { s, byId } = verifyOne(file, [...set.anchors, tsaPki.root.cert]);
    expect(byId('timestamp')).toMatchObject({ status: 'passed', params: { time: genTime.toISOString() } });
    expect(byId('trust.validity')!.params?.at).toBe(genTime.toISOString());
    expect(s.verdict).toBe('valid');
  });

  it('fails the signer certificate when the proven time precedes it, and warns that /M is after the token', () => {
    const genTime = new Date(now.getTime() - 2 * DAY);
    const file = withToken(buildToken({ tsa: tsaPki.tsa, signatureValue: cms.signerInfo.signature, genTime }));
    const { s, byId } = verifyOne(file, [...set.anchors, tsaPki.root.cert]);
    expect(byId('timestamp')!.status).toBe('passed');
    expect(byId('trust.validity')).toMatchObject({ status: 'failed', code: 'certificate_not_yet_valid' });
    expect(byId('claimed-time')).toMatchObject({ status: 'warning', code: 'claimed_time_after_timestamp' });
    expect(s.verdict).toBe('invalid');
  });

  it('makes the signature invalid when its token is forged', () => {
    const forged = buildToken({ tsa: tsaPki.tsa, signatureValue: Buffer.from('another signature'), genTime: now });
    const { s, byId } = verifyOne(withToken(forged), [...set.anchors, tsaPki.root.cert]);
    expect(byId('timestamp')).toMatchObject({ status: 'failed', code: 'timestamp_imprint_mismatch' });
    expect(byId('integrity.signature')!.status).toBe('passed');
    expect(s.verdict).toBe('invalid');
  });
});
