/** Sizes of what the blob benchmark stores before each read, from BENCH_BLOB_MAX (e.g. `100m`, `2g`). */

const MB = 1_000_000;
const GB = 1_000 * MB;

export const BLOB_LEVELS: readonly number[] = [10 * MB, 100 * MB, GB, 2 * GB];

/** `2g`, `500m`, `1000000`: decimal units, as the levels are; undefined for anything else. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, k: 1_000, m: MB, g: GB }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

export function sizeLabel(bytes: number): string {
  return bytes >= GB ? `${bytes / GB} GB` : `${bytes / MB} MB`;
}

/** The levels up to `max`; a bad value stops the benchmark rather than silently measuring less. */
export function levelsUpTo(name: string, value: string | undefined, fallback: number): readonly number[] {
  const max = value === undefined || value === '' ? fallback : parseSize(value);
  if (max === undefined) throw new Error(`${name}: not a size (e.g. 100m, 2g): ${JSON.stringify(value)}`);
  return BLOB_LEVELS.filter((level) => level <= max);
}
