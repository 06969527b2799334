import { ms, pad, verdictLines, type Verdict } from './report.js';
import type { VerifyCaseReport, VerifyRow, VerifyRowId } from './verify-bench.js';

const MIB = 1024 * 1024;

function median(rows: readonly VerifyRow[], id: VerifyRowId): number | undefined {
  const row = rows.find((r) => r.id === id);
  return row?.result.ok ? row.result.medianMs : undefined;
}

/** pdfsig's time over this row's: above 1 the row is faster than pdfsig. */
function overPdfsig(rows: readonly VerifyRow[], id: VerifyRowId): string {
  const own = median(rows, id);
  const pdfsig = median(rows, 'pdfsig');
  return own === undefined || pdfsig === undefined ? '-' : `${(pdfsig / own).toFixed(2)}x`;
}

function cells(row: VerifyRow, rows: readonly VerifyRow[]): string[] {
  const { label, result } = row;
  if (!result.ok) return [label, 'ERROR', '', '', '', '', result.error];
  const rss = result.maxRssMiB === undefined ? 'n/a' : result.maxRssMiB.toFixed(0);
  const perSecond = (1000 / result.medianMs).toFixed(result.medianMs > 100 ? 1 : 0);
  return [label, ms(result.medianMs), ms(result.p90Ms), perSecond, rss, overPdfsig(rows, row.id), result.verdict];
}

/** The table of one signed file; the ratio is "pdfsig / this row", so above 1.00x means faster than pdfsig. */
export function formatVerifyCase({ verifyCase, rows }: VerifyCaseReport): string {
  const header = ['verifier', 'median ms', 'p90 ms', 'verifications/s', 'peak RSS MiB', 'pdfsig / tool', 'verdict'];
  const body = rows.map((row) => cells(row, rows));
  const measured = body.filter((r) => r[1] !== 'ERROR');
  const widths = header.map((h, i) => Math.max(h.length, ...measured.map((r) => r[i]!.length)));
  const lines = body.map((r) => (r[1] === 'ERROR' ? `${r[0]!.padEnd(widths[0]!)}  ERROR: ${r[6]}` : pad(r, widths)));
  const { label, bytes, processRuns, processWarmUps, warmUps, runs } = verifyCase;
  const title =
    `== verify ${label} (${bytes} bytes, ${(bytes / MIB).toFixed(2)} MiB; whole processes: ${processRuns} timed runs ` +
    `after ${processWarmUps} warm-ups; in-process: ${runs} timed runs after ${warmUps} warm-ups)`;
  return [title, pad(header, widths), ...lines].join('\n');
}

function fasterThanPdfsig(reports: readonly VerifyCaseReport[]): Verdict {
  const parts = reports.map(({ verifyCase, rows }) => {
    const own = median(rows, 'docseal-process');
    const pdfsig = median(rows, 'pdfsig');
    return { ok: own !== undefined && pdfsig !== undefined && own < pdfsig, text: `${verifyCase.label}: ${overPdfsig(rows, 'docseal-process')}` };
  });
  return {
    met: parts.every((p) => p.ok),
    target: 'docseal: faster than pdfsig per file, a whole process each, on every file',
    figures: `pdfsig / docseal (process per file): ${parts.map((p) => p.text).join('; ')}`,
  };
}

function verdictOf(rows: readonly VerifyRow[], id: VerifyRowId): string {
  const row = rows.find((r) => r.id === id);
  return row?.result.ok ? row.result.verdict : 'ERROR';
}

/** A benchmark of a verifier that verifies nothing is worthless: every docseal run must say `valid`. */
function allValid(reports: readonly VerifyCaseReport[]): Verdict {
  const parts = reports.map(({ verifyCase, rows }) => {
    const seen = (['docseal-process', 'docseal-warm'] as const).map((id) => verdictOf(rows, id));
    return { ok: seen.every((v) => v === 'valid'), text: `${verifyCase.label}: ${seen.join(' / ')}` };
  });
  return {
    met: parts.every((p) => p.ok),
    target: 'docseal: verdict `valid` on every file (process per file / in-process)',
    figures: parts.map((p) => p.text).join('; '),
  };
}

/** Reported beside the target, not as one: a service verifies in a warm process. */
function inProcess(reports: readonly VerifyCaseReport[]): string {
  const parts = reports.map(({ verifyCase, rows }) => {
    const own = median(rows, 'docseal-warm');
    const rate = own === undefined ? '-' : `${(1000 / own).toFixed(1)}/s`;
    return `${verifyCase.label}: ${rate} (pdfsig / docseal ${overPdfsig(rows, 'docseal-warm')})`;
  });
  return `[INFO   ] docseal in-process throughput (warm, one file after another)\n          ${parts.join('; ')}`;
}

/** The closing block of the verification benchmark: the verification performance target (docs/benchmarks.md), met or not. */
export function formatVerifyTargets(reports: readonly VerifyCaseReport[]): string {
  const verdicts = [fasterThanPdfsig(reports), allValid(reports)].map(verdictLines);
  return ['== Targets (verification)', ...verdicts, inProcess(reports)].join('\n');
}
