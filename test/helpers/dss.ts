import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCapture } from './tool-run.js';

/**
 * EU DSS as an independent PAdES validator: tools/dss-validator (built by `.ci/run`, or by
 * `mvn -q package -Dmaven.test.skip` in that folder) validates many files in one JVM, offline.
 */

export const DSS_JAR = fileURLToPath(new URL('../../tools/dss-validator/target/dss-validator.jar', import.meta.url));

/** One signature as DSS reports it under its default validation policy. */
export type DssSignature = {
  id: string;
  indication: 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED' | string;
  subIndication: string | null;
  /** The level DSS determines, e.g. PAdES-BASELINE-B. */
  format: string;
  signatureIntact: boolean;
  signatureValid: boolean;
  byteRange?: number[];
  byteRangeValid?: boolean;
  fieldName?: string;
  pdfModificationsDetected?: boolean;
  scopes: { name: string; scope: string; description: string }[];
  /** DSS message keys with their text, e.g. "BBB_XCV_IRDPFC_ANS: No revocation data found for the certificate!". */
  errors: string[];
  warnings: string[];
};

export type DssFileResult = { file: string; signatures?: DssSignature[]; error?: string };

export function dssAvailable(): boolean {
  return existsSync(DSS_JAR) && runCaptureSafe('java', ['-version']);
}

function runCaptureSafe(cmd: string, args: string[]): boolean {
  try {
    return runCapture(cmd, args).exitCode === 0;
  } catch {
    return false;
  }
}

/** Validates every file in one JVM run (DSS's start-up costs more than a validation), at `opts.at` or now. */
export function runDss(files: readonly string[], trustedRootPaths: readonly string[], opts: { at?: Date } = {}): DssFileResult[] {
  // One short run: the client compiler alone and the serial collector halve its CPU time.
  const at = opts.at ? ['--at', opts.at.toISOString()] : [];
  const args = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', DSS_JAR, ...trustedRootPaths.flatMap((p) => ['--trust', p]), ...at, ...files];
  const out = runCapture('java', args);
  if (out.exitCode !== 0) throw new Error(`dss-validator exited ${out.exitCode}: ${out.stderr}`);
  return out.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as DssFileResult);
}
