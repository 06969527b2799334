import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { SignResult } from '../../src/core/sign/types.js';
import { dssAvailable, runDss, type DssFileResult, type DssSignature } from '../helpers/dss.js';
import { makeOtherSignerPdf, makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, type SigningKit } from '../helpers/signing-setup.js';
import { STRUCTURE_VARIANTS } from '../helpers/structure-fixtures.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';

/**
 * EU DSS (PDFBox) must find each signature we make, as a PAdES baseline B signature over the byte
 * range we wrote. Our CA publishes no revocation data yet, so DSS's default policy can at best say
 * INDETERMINATE; any other reason for doubt is a failure. All files go through one JVM run.
 */

/** DSS messages that say only that no revocation data could be had (offline, nothing published). */
const REVOCATION_ONLY_ERRORS = new Set(['BBB_XCV_SUB_ANS', 'BBB_XCV_IRDPFC_ANS']);
const REVOCATION_SUB_INDICATIONS = new Set(['TRY_LATER', 'REVOCATION_OUT_OF_BOUNDS_NO_POE', 'CERTIFICATE_CHAIN_GENERAL_FAILURE']);
/** Warnings that our certificates carry no AIA and no CRL/OCSP pointer: the same missing revocation data. */
const REVOCATION_WARNINGS = new Set(['BBB_XCV_AIA_PRES_ANS', 'BBB_XCV_REVOC_PRES_ANS']);
/**
 * DSS renders the signed revision and the final file (without the annotations added since) and
 * compares the pictures. On pdf-lib's form page PDFBox's two renderings differ whoever signs: pyHanko's
 * invisible signature of the same file gets this warning too. Any other file must show no difference.
 */
const VISUAL_DIFFERENCE = 'BBB_FC_IVDBSFR_ANS';
const PDFBOX_RENDERS_FORM_TWICE_DIFFERENTLY = new Set(['pdf-lib, AcroForm', 'generation > 0, AcroForm, table', 'generation > 0, AcroForm, xref stream']);

type Case = { name: string; path: string; ours: SignResult[]; signatures: number };

const available = dssAvailable();

// .ci/run builds the validator: under CI a missing jar is a failure, not a reason to skip.
it.runIf(process.env.CI === 'true')('has the DSS validator built (.ci/run builds it)', () => {
  expect(available).toBe(true);
});
let k: SigningKit;
let dir: string;
const cases: Case[] = [];
const results = new Map<string, DssFileResult>();

async function signAndWrite(name: string, original: Buffer, code = 'demo'): Promise<{ r: SignResult; signed: Buffer; path: string }> {
  const r = await signPdf(signRequestFor(k, code, original, `doc-${cases.length}`));
  const signed = Buffer.concat([r.original, r.update]);
  const path = join(dir, `${cases.length}.pdf`);
  writeFileSync(path, signed);
  return { r, signed, path };
}

async function prepareCases(): Promise<string[]> {
  for (const v of STRUCTURE_VARIANTS) {
    const { r, path } = await signAndWrite(v.name, await v.make());
    cases.push({ name: v.name, path, ours: [r], signatures: 1 });
  }
  const ec = await signAndWrite('ECDSA', await makePdfLibDoc(), 'demo-ec');
  cases.push({ name: 'ECDSA P-256 department', path: ec.path, ours: [ec.r], signatures: 1 });
  const first = await signAndWrite('first', await makePdfLibDoc({ pages: 2 }));
  const second = await signAndWrite('second', first.signed, 'demo-ec');
  cases.push({ name: 'signed twice by docseal', path: second.path, ours: [first.r, second.r], signatures: 2 });
  const other = await makeOtherSignerPdf(dir);
  const counter = await signAndWrite('countersigned', other.pdf);
  cases.push({ name: 'pyHanko signature, then ours', path: counter.path, ours: [counter.r], signatures: 2 });
  const otherRoot = join(dir, 'other-root.pem');
  writeFileSync(otherRoot, other.rootPem);
  return [otherRoot];
}

beforeAll(async () => {
  if (!available) return;
  k = await signingKit();
  dir = makeTempDir('docseal-dss-');
  const root = join(dir, 'root.pem');
  writeFileSync(root, k.rootPem);
  const otherRoots = await prepareCases();
  for (const res of runDss(cases.map((c) => c.path), [root, ...otherRoots])) results.set(res.file, res);
});

afterAll(() => {
  if (dir) removeDir(dir);
});

const keyOf = (message: string): string => message.split(':')[0]!;

function expectAcceptable(s: DssSignature, caseName: string, context: string): void {
  expect(s.format, context).toBe('PAdES-BASELINE-B');
  expect(s.signatureIntact && s.signatureValid, context).toBe(true);
  expect(s.byteRangeValid, context).toBe(true);
  const allowed = PDFBOX_RENDERS_FORM_TWICE_DIFFERENTLY.has(caseName) ? [VISUAL_DIFFERENCE] : [];
  expect(s.warnings.map(keyOf).filter((key) => !REVOCATION_WARNINGS.has(key) && !allowed.includes(key)), context).toEqual([]);
  expect(s.pdfModificationsDetected, context).toBe(s.warnings.some((w) => keyOf(w) === VISUAL_DIFFERENCE));
  if (s.indication === 'TOTAL_PASSED') return;
  expect(s.indication, context).toBe('INDETERMINATE');
  expect(REVOCATION_SUB_INDICATIONS.has(s.subIndication ?? ''), context).toBe(true);
  expect(s.errors.map(keyOf).filter((key) => !REVOCATION_ONLY_ERRORS.has(key)), context).toEqual([]);
  expect(s.errors.some((e) => e.startsWith('BBB_XCV_IRDPFC_ANS')), context).toBe(true);
}

describe.skipIf(!available)('EU DSS finds and accepts every signature we make', () => {
  it.each(STRUCTURE_VARIANTS.map((v) => v.name).concat(['ECDSA P-256 department', 'signed twice by docseal', 'pyHanko signature, then ours']))('%s', (name) => {
    const c = cases.find((x) => x.name === name)!;
    const res = results.get(c.path)!;
    const context = JSON.stringify(res, null, 1);
    expect(res.error, context).toBeUndefined();
    expect(res.signatures, context).toHaveLength(c.signatures);
    for (const r of c.ours) {
      const s = res.signatures!.find((x) => x.fieldName === r.fieldName);
      expect(s, `${r.fieldName} in ${context}`).toBeDefined();
      expect(s!.byteRange, context).toEqual(r.byteRange);
      expectAcceptable(s!, name, context);
    }
    const newest = res.signatures!.find((x) => x.fieldName === c.ours[c.ours.length - 1]!.fieldName)!;
    expect(newest.scopes.map((sc) => sc.scope), context).toContain('FULL');
  });
});
