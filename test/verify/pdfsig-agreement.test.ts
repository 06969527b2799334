import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import type { SignatureReport } from '../../src/core/verify/report.js';
import { LEGITIMATE_FIXTURE_NAMES, makeLegitimateFixtures, type LegitimateSet } from '../helpers/independent-signers.js';
import { signingKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';
import { makeNssDb, runPdfsig } from '../helpers/verifiers.js';

/**
 * poppler's pdfsig (NSS) is the oracle for integrity: on every legitimate fixture, and on tampered
 * copies of some, each signature's integrity verdict (ours vs. "Signature is Valid.") must agree.
 * Signatures are matched by field name.
 */
let dir: string;
let nss: string;
let set: LegitimateSet;
const now = new Date();

beforeAll(async () => {
  dir = makeTempDir('docseal-pdfsig-agree-');
  set = await makeLegitimateFixtures(dir, await signingKit());
  nss = join(dir, 'nss');
  mkdirSync(nss);
  makeNssDb(nss, [...set.trustedRootPems]);
});

afterAll(() => removeDir(dir));

/** Our integrity verdict: the structure holds, the digest matches and the CMS signature verifies. */
function intact(s: SignatureReport): boolean {
  const ids = ['structure', 'integrity.digest', 'integrity.signature'];
  const relevant = s.checks.filter((c) => ids.includes(c.id));
  return ids.every((id) => relevant.some((c) => c.id === id)) && relevant.every((c) => c.status === 'passed');
}

/** `ours` is 'missing' when our report does not list the field pdfsig found. */
type Agreement = { field: string; ours: boolean | 'missing'; pdfsig: boolean };

/** Both verifiers on the same bytes; a file we refuse to read leaves every signature 'missing'. */
function bothVerdicts(name: string, bytes: Buffer): { agreements: Agreement[]; raw: string } {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  const theirs = runPdfsig(path, nss);
  let ours: readonly SignatureReport[] = [];
  try {
    ours = finishReport(verifyPdf({ bytes, anchors: set.anchors, now }), []).signatures;
  } catch {
    ours = [];
  }
  const agreements = theirs.signatures.map((t): Agreement => {
    const mine = ours.find((s) => s.fieldName === t.fieldName);
    return { field: t.fieldName, ours: mine ? intact(mine) : 'missing', pdfsig: t.signatureValid };
  });
  return { agreements, raw: theirs.raw };
}

function bytesOf(name: string): Buffer {
  return set.fixtures.find((f) => f.name === name)!.pdf;
}

function signatureByField(bytes: Buffer, field: string): SignatureReport {
  return verifyPdf({ bytes, anchors: set.anchors, now }).report.signatures.find((s) => s.fieldName === field)!;
}

function flipped(bytes: Buffer, offset: number, mask = 0x01): Buffer {
  const out = Buffer.from(bytes);
  out[offset] = out[offset]! ^ mask;
  return out;
}

/** A hex digit of the CMS DER itself (not its zero padding): the 10th byte before the DER's end. */
function contentsHexOffset(bytes: Buffer, s: SignatureReport): number {
  const [, gapStart, gapEnd] = s.byteRange as readonly [number, number, number, number];
  const start = gapStart + 1;
  const hex = bytes.subarray(start, gapEnd - 1).toString('latin1');
  const lenBytes = parseInt(hex.slice(2, 4), 16) & 0x7f;
  const derLength = 2 + lenBytes + parseInt(hex.slice(4, 4 + 2 * lenBytes), 16);
  return start + 2 * (derLength - 10);
}

describe('our integrity verdict agrees with pdfsig', () => {
  it.each(LEGITIMATE_FIXTURE_NAMES)('%s: both say every signature is intact', (name) => {
    const f = set.fixtures.find((x) => x.name === name)!;
    const { agreements, raw } = bothVerdicts(name, f.pdf);
    expect(agreements.map((a) => a.field).sort(), raw).toEqual([...f.fields].sort());
    for (const a of agreements) expect(a, raw).toEqual({ field: a.field, ours: true, pdfsig: true });
  });

  const tampered = ['ours-demo', 'ours-demo-ec', 'pyhanko-rsa-chain', 'pyhanko-ecdsa', 'pyhanko-twice', 'pyhanko-then-ours'];

  it.each(tampered)('%s with one byte flipped in the signed range (the header comment): both say broken', (name) => {
    const bytes = bytesOf(name);
    // Byte 10 lies in the binary comment after %PDF-x.y (ISO 32000-1 §7.5.2): signed, but parsed by no one.
    const { agreements, raw } = bothVerdicts(`${name}-range-flip`, flipped(bytes, 10, 0x04));
    expect(agreements.length, raw).toBe(set.fixtures.find((f) => f.name === name)!.fields.length);
    for (const a of agreements) expect(a, raw).toEqual({ field: a.field, ours: false, pdfsig: false });
  });

  it.each(tampered)('%s with one hex digit changed in the last signature\'s /Contents: both say it is broken', (name) => {
    const bytes = bytesOf(name);
    const fields = set.fixtures.find((f) => f.name === name)!.fields;
    const field = fields[fields.length - 1]!;
    const at = contentsHexOffset(bytes, signatureByField(bytes, field));
    const out = Buffer.from(bytes);
    out[at] = out[at] === 0x30 ? 0x31 : 0x30;
    const { agreements, raw } = bothVerdicts(`${name}-contents-flip`, out);
    const last = agreements.find((a) => a.field === field);
    expect(last, raw).toEqual({ field, ours: false, pdfsig: false });
    for (const a of agreements) expect(a.ours, `${a.field}\n${raw}`).toBe(a.pdfsig);
  });

  /**
   * Not an agreement: poppler skips the bad character and, the DER being intact, says valid. We are
   * stricter (padding is zeros, nothing else) but must still list the signature, as broken.
   */
  it.each(tampered)('%s with a non-hex byte in the last /Contents padding: we still list the signature, as broken', (name) => {
    const bytes = bytesOf(name);
    const fields = set.fixtures.find((f) => f.name === name)!.fields;
    const field = fields[fields.length - 1]!;
    const [, , gapEnd] = signatureByField(bytes, field).byteRange as readonly [number, number, number, number];
    // ISO 32000-1 §7.3.4.3: a hex string holds hex digits and white space only; 'Z' is neither.
    const { agreements, raw } = bothVerdicts(`${name}-contents-nonhex`, flipped(bytes, gapEnd - 3, 0x30 ^ 0x5a));
    expect(agreements.find((a) => a.field === field)?.ours, raw).toBe(false);
  });

  it('pyhanko-then-ours with the first signature\'s /Contents changed: the first is broken for both, and so is ours that covers it', () => {
    const bytes = bytesOf('pyhanko-then-ours');
    const at = contentsHexOffset(bytes, signatureByField(bytes, 'IndFirst'));
    const out = Buffer.from(bytes);
    out[at] = out[at] === 0x30 ? 0x31 : 0x30;
    const { agreements, raw } = bothVerdicts('first-contents-flip', out);
    expect(agreements.length, raw).toBe(2);
    for (const a of agreements) expect(a, raw).toEqual({ field: a.field, ours: false, pdfsig: false });
  });
});
