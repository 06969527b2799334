import { PROBE_BYTES, type BlobBenchReport, type LevelResult } from './blob-bench.js';
import { sizeLabel } from './blob-levels.js';
import { ms, pad } from './report.js';

export const BLOB_NOTES = [
  `Blob store: the median time to read back one ${PROBE_BYTES / 1000} KB blob (stream opened, every byte read, its SHA-256`,
  'checked) as the store fills with 1 MiB blobs, each different. "files" is the store the service opens for its',
  'embedded database (files on disk, GridFS behind it for older ids); GridFS runs on FerretDB v1 (SQLite), the',
  'embedded database. Reads come from the page cache: untimed reads precede the timed ones (200 for files; 1 for',
  'GridFS, none past 200 MB, where one read takes seconds).',
].join('\n');

function cell(level: LevelResult | undefined, skipped: string): string {
  if (!level) return skipped;
  return level.runs === 1 ? `${ms(level.medianMs)} (1 run)` : ms(level.medianMs);
}

export function formatBlobBench(report: BlobBenchReport): string {
  const header = ['stored', 'files ms', 'GridFS on FerretDB ms', 'GridFS / files', `SHA-256 of ${PROBE_BYTES / 1000} KB ms`, 'fill s (files / GridFS)'];
  const rows = report.files.levels.map((files, i) => {
    const gridFs = report.gridFs?.levels[i];
    const fill = `${files.fillSeconds.toFixed(1)} / ${gridFs ? gridFs.fillSeconds.toFixed(1) : '-'}`;
    const ratio = gridFs ? `${(gridFs.medianMs / files.medianMs).toFixed(0)}x` : '-';
    return [sizeLabel(files.level), ms(files.medianMs), cell(gridFs, report.gridFsSkipped ?? 'not run'), ratio, ms(report.hashMs), fill];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [pad(header, widths), ...rows.map((r) => pad(r, widths))].join('\n');
}

/**
 * Flat means the read does not grow with what is stored: at no level is it more than 2x slower than
 * at the first. (A later level may be faster: the fills between warm the file system's caches.)
 */
export function formatBlobVerdict(report: BlobBenchReport): string {
  const first = report.files.levels[0]!;
  const slowest = report.files.levels.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  const last = report.files.levels.at(-1)!;
  const growth = slowest.medianMs / first.medianMs;
  const met = growth <= 2 ? 'MET' : 'NOT MET';
  return [
    `target "download time flat as the store grows" ${met}: files ${ms(first.medianMs)} ms at ${sizeLabel(first.level)}, ${ms(last.medianMs)} ms at ${sizeLabel(last.level)};`,
    `slowest ${ms(slowest.medianMs)} ms at ${sizeLabel(slowest.level)}, ${growth.toFixed(2)}x the first (at most 2x)`,
  ].join('\n');
}
