import { timeProcesses, type Command, type ProcessResult } from './process-runs.js';
import { createNssDb, pdfsigCommand, summarisePdfsig } from './pdfsig.js';
import { lastJsonLine, type ChildCommand } from './run-child.js';
import type { VerifyChildResult } from './verify-child.js';
import type { VerifyCase } from './verify-inputs.js';

/** One verifier on one file: the median time per verification, its peak RSS, and what it concluded. */
export type VerifyResult =
  | {
      readonly ok: true;
      readonly medianMs: number;
      readonly p90Ms: number;
      readonly maxRssMiB: number | undefined;
      readonly verdict: string;
    }
  | { readonly ok: false; readonly error: string };

export type VerifyRowId = 'docseal-process' | 'docseal-warm' | 'pdfsig';

export type VerifyRow = { readonly id: VerifyRowId; readonly label: string; readonly result: VerifyResult };

export type VerifyCaseReport = { readonly verifyCase: VerifyCase; readonly rows: readonly VerifyRow[] };

/** Where the verifiers find their trust: docseal's certs folder, pdfsig's NSS database. */
export type VerifyEnvironment = { readonly command: ChildCommand; readonly certsDir: string; readonly nss: ReturnType<typeof createNssDb> };

function fromProcess(result: ProcessResult, verdict: (stdout: string) => string): VerifyResult {
  if (!result.ok) return result;
  const { medianMs, p90Ms, maxRssMiB, stdout } = result;
  return { ok: true, medianMs, p90Ms, maxRssMiB, verdict: verdict(stdout) };
}

/**
 * docseal's per-file CLI and pdfsig, a whole process per file each, taking turns. The CLI prints the
 * verdict; pdfsig's report is summed up.
 */
function wholeProcesses({ command, certsDir, nss }: VerifyEnvironment, c: VerifyCase): [VerifyResult, VerifyResult] {
  const cli: Command = [process.execPath, ...command.entries['verify-cli'], c.file, certsDir];
  if ('error' in nss) {
    const [docseal] = timeProcesses([cli], c.processWarmUps, c.processRuns);
    return [fromProcess(docseal!, (out) => out.trim()), { ok: false, error: nss.error }];
  }
  const [docseal, pdfsig] = timeProcesses([cli, pdfsigCommand(nss.nssDir, c.file)], c.processWarmUps, c.processRuns);
  return [fromProcess(docseal!, (out) => out.trim()), fromProcess(pdfsig!, summarisePdfsig)];
}

function docsealWarm({ command, certsDir }: VerifyEnvironment, c: VerifyCase): VerifyResult {
  const args = [...command.entries['verify-child'], c.file, certsDir, String(c.warmUps), String(c.runs)];
  const result = lastJsonLine<VerifyChildResult>(args);
  return result.ok ? result : { ok: false, error: result.error };
}

/** The three rows of one file; the in-process child runs alone, after the whole processes. */
export function runVerifyCase(env: VerifyEnvironment, verifyCase: VerifyCase): VerifyCaseReport {
  const [docsealProcess, pdfsig] = wholeProcesses(env, verifyCase);
  const rows: VerifyRow[] = [
    { id: 'docseal-process', label: 'docseal (process per file)', result: docsealProcess },
    { id: 'pdfsig', label: 'pdfsig (process per file)', result: pdfsig },
    { id: 'docseal-warm', label: 'docseal in-process', result: docsealWarm(env, verifyCase) },
  ];
  return { verifyCase, rows };
}
