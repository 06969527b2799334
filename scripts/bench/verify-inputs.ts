import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDepartmentIdentities, type LoadedDepartment } from '../../src/keys/department-keys.js';
import type { BenchKeys } from './bench-keys.js';
import { departmentRequest, signOnce } from './docseal-tool.js';
import type { BenchCase } from './inputs.js';

/** A signed file to verify, and how many times each verifier runs on it. */
export type VerifyCase = {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  readonly bytes: number;
  readonly signatures: number;
  /** Whole processes: untimed runs first, so every tool finds its files and libraries in the page cache. */
  readonly processWarmUps: number;
  readonly processRuns: number;
  /** docseal in one warm process, as the service verifies. */
  readonly warmUps: number;
  readonly runs: number;
};

/** The countersigned document alternates departments so its signatures do not all share one certificate. */
const COUNTERSIGNERS = ['demo', 'demo-ec'];
const COUNTERSIGNATURES = 5;

async function signWith(original: Buffer, department: LoadedDepartment): Promise<Buffer> {
  // The verifier checks the certificate at the claimed time, so sign now: the dev PKI was issued minutes ago.
  const base = await departmentRequest(original, department, new Date());
  const parts = await signOnce(base, createHash('sha256').update(original));
  return Buffer.concat(parts);
}

function departmentFor(departments: ReadonlyMap<string, LoadedDepartment>, code: string): LoadedDepartment {
  const department = departments.get(code);
  if (!department) throw new Error(`department ${code} was not generated`);
  return department;
}

async function output(dir: string, id: string, bytes: Buffer): Promise<{ file: string; bytes: number }> {
  const file = join(dir, `verify-${id}.pdf`);
  await writeFile(file, bytes);
  return { file, bytes: bytes.length };
}

/**
 * Signs the 1-page and ~50 MB signing inputs once with docseal's `signPdf`, and countersigns the 1-page
 * input five times in turn, each signature an incremental update over the previous one.
 */
export async function signVerifyInputs(dir: string, inputs: readonly BenchCase[], keys: BenchKeys): Promise<VerifyCase[]> {
  const departments = await loadDepartmentIdentities(keys.certsDir, keys.passphrase);
  const main = departmentFor(departments, keys.department);
  const input = async (id: string) => readFile(inputs.find((c) => c.id === id)!.file);
  const onePage = await input('1p');

  let countersigned: Buffer = onePage;
  const signers = COUNTERSIGNERS.filter((code) => departments.has(code));
  for (let i = 0; i < COUNTERSIGNATURES; i++) {
    countersigned = await signWith(countersigned, departmentFor(departments, signers[i % signers.length] ?? keys.department));
  }
  const small = { warmUps: 20, runs: 30, processWarmUps: 2, processRuns: 15 };
  return [
    { id: '1p', label: '1 page, 1 signature', signatures: 1, ...small, ...(await output(dir, '1p', await signWith(onePage, main))) },
    { id: '5sig', label: '1 page, 5 signatures', signatures: 5, ...small, ...(await output(dir, '5sig', countersigned)) },
    {
      id: '50mb',
      label: '~50 MB, 1 signature',
      signatures: 1,
      warmUps: 2,
      runs: 7,
      processWarmUps: 2,
      processRuns: 7,
      ...(await output(dir, '50mb', await signWith(await input('50mb'), main))),
    },
  ];
}
