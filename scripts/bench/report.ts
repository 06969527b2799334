import type { BenchCase } from './inputs.js';
import type { ChildResult } from './tool.js';

/** One table row: a tool's result on a case and what pdfsig said of its output. */
export type Row = { readonly id: string; readonly label: string; readonly result: ChildResult; readonly check: string };

export type CaseReport = { readonly benchCase: BenchCase; readonly rows: readonly Row[] };

const MIB = 1024 * 1024;

function median(rows: readonly Row[], id: string): number | undefined {
  const row = rows.find((r) => r.id === id);
  return row?.result.ok ? row.result.medianMs : undefined;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '-' : `${(a / b).toFixed(1)}x`;
}

export function ms(value: number): string {
  return value < 0.1 ? value.toFixed(4) : value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

function cells({ id, label, result, check }: Row, docseal?: number, sha?: number): string[] {
  if (!result.ok) return [label, 'ERROR', '', result.maxRssMiB.toFixed(0), '', '', result.error];
  const vsHash = id === 'sha256' ? '1.0x' : ratio(result.medianMs, sha);
  const rss = result.maxRssMiB.toFixed(0);
  return [label, ms(result.medianMs), ms(result.p90Ms), rss, ratio(result.medianMs, docseal), vsHash, check];
}

/** The table of one case; ratios are "this tool / docseal" and "this tool / one SHA-256 pass". */
export function formatCase({ benchCase, rows }: CaseReport): string {
  const header = ['tool', 'median ms', 'p90 ms', 'peak RSS MiB', 'tool / docseal', 'tool / sha256', 'pdfsig'];
  const body = rows.map((row) => cells(row, median(rows, 'docseal'), median(rows, 'sha256')));
  // An error row's message is left out of the widths: it trails the row unpadded.
  const measured = body.filter((r) => r[1] !== 'ERROR');
  const widths = header.map((h, i) => Math.max(h.length, ...measured.map((r) => r[i]!.length)));
  const lines = body.map((r) => (r[1] === 'ERROR' ? `${r[0]!.padEnd(widths[0]!)}  ERROR: ${r[6]}` : pad(r, widths)));
  const { label, bytes, runs, warmUps } = benchCase;
  const title = `== ${label} (${bytes} bytes, ${(bytes / MIB).toFixed(2)} MiB; ${runs} timed runs after ${warmUps} warm-ups)`;
  return [title, pad(header, widths), ...lines].join('\n');
}

export type Verdict = { readonly met: boolean | undefined; readonly target: string; readonly figures: string };

export function verdictLines({ met, target, figures }: Verdict): string {
  const mark = met === undefined ? '[N/A    ]' : met ? '[MET    ]' : '[NOT MET]';
  return `${mark} ${target}\n          ${figures}`;
}

const LABELS: Record<string, string> = { docseal: 'docseal', 'docseal-hash': 'docseal incl. hashing upload' };

function times(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : '-';
}

function fasterThanPeers(reports: readonly CaseReport[], id: string): Verdict {
  const parts = reports.map(({ benchCase, rows }) => {
    const own = median(rows, id);
    const peers = ['signpdf', 'libpdf'].map((peer) => median(rows, peer));
    const ok = own !== undefined && peers.every((p) => p === undefined || own < p);
    return { ok, text: `${benchCase.label}: ${ratio(peers[0], own)} / ${ratio(peers[1], own)}` };
  });
  return {
    met: parts.every((p) => p.ok),
    target: `${LABELS[id]}: faster than both peers on every size`,
    figures: `@signpdf / ${id}, @libpdf / ${id}: ${parts.map((p) => p.text).join('; ')}`,
  };
}

function tenTimesSignpdf(reports: readonly CaseReport[], id: string): Verdict {
  const parts = reports
    .filter((r) => r.benchCase.id !== '50mb')
    .map(({ benchCase, rows }) => {
      const x = (median(rows, 'signpdf') ?? NaN) / (median(rows, id) ?? NaN);
      return { ok: x >= 10, text: `${benchCase.label}: ${times(x)}` };
    });
  return {
    met: parts.every((p) => p.ok),
    target: `${LABELS[id]}: at least 10x faster than @signpdf on 1 page and on 100 pages`,
    figures: `@signpdf / ${id}: ${parts.map((p) => p.text).join('; ')}`,
  };
}

function largeVersusHash(large: CaseReport | undefined, id: string): Verdict {
  const x = large ? (median(large.rows, id) ?? NaN) / (median(large.rows, 'sha256') ?? NaN) : NaN;
  return {
    met: Number.isFinite(x) ? x <= 4 : undefined,
    target: `${LABELS[id]}: 50 MB signed in at most 4x one SHA-256 pass`,
    figures: `${id} / sha256 = ${times(x)}`,
  };
}

function rssBound(large: CaseReport | undefined, id: string): Verdict {
  const target = `${LABELS[id]}: 50 MB peak RSS under 2 x file size + 100 MiB`;
  const row = large?.rows.find((r) => r.id === id);
  if (!large || !row?.result.ok) return { met: undefined, target, figures: 'no result' };
  const sizeMiB = large.benchCase.bytes / MIB;
  const bound = 2 * sizeMiB + 100;
  const rss = row.result.maxRssMiB;
  return {
    met: rss < bound,
    target,
    figures: `${rss.toFixed(0)} MiB against 2 x ${sizeMiB.toFixed(1)} + 100 = ${bound.toFixed(0)} MiB`,
  };
}

/** The closing block: each signing performance target (docs/benchmarks.md), met or not, with its numbers. */
export function formatTargets(reports: readonly CaseReport[]): string {
  const large = reports.find((r) => r.benchCase.id === '50mb');
  const verdicts = ['docseal', 'docseal-hash'].flatMap((id) => [
    fasterThanPeers(reports, id),
    tenTimesSignpdf(reports, id),
    largeVersusHash(large, id),
    rssBound(large, id),
  ]);
  return ['== Targets (signing)', ...verdicts.map(verdictLines)].join('\n');
}
