/**
 * Mutations of signed PDFs for the verify fuzz test. Every case is a pure function of (seed, index),
 * so a failure is reproduced with `mutateCase(seeds, seed, index)` alone.
 */

export type Rng = {
  /** A uniform 32-bit unsigned integer. */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  bytes(n: number): Buffer;
};

/** Marsaglia's xorshift32: tiny, fixed, and the same on every platform. */
export function xorshift32(seed: number): Rng {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const below = (n: number): number => (n <= 0 ? 0 : next() % n);
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => next() & 0xff));
  return { next, below, bytes };
}

export type FuzzSeed = {
  readonly name: string;
  readonly pdf: Buffer;
  /** Each signature's signed bytes as [start, end) spans: ByteRange [a b c d] gives [a, a+b) and [c, c+d). */
  readonly signedSpans: readonly (readonly [number, number])[][];
};

export type Mutator = 'bit-flips' | 'overwrite-run' | 'truncate' | 'splice-object' | 'duplicate-revision'
  | 'byte-range-edit' | 'stream-randomised';

export const MUTATORS: readonly Mutator[] = [
  'bit-flips', 'overwrite-run', 'truncate', 'splice-object', 'duplicate-revision', 'byte-range-edit', 'stream-randomised',
];

export type MutatedCase = { readonly seed: FuzzSeed; readonly mutator: Mutator; readonly bytes: Buffer };

function spans(text: string, re: RegExp): Array<[number, number]> {
  return [...text.matchAll(re)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** Offsets just after each %%EOF marker (and its end-of-line): the ends of the file's revisions. */
export function revisionEnds(pdf: Buffer): number[] {
  return spans(pdf.toString('latin1'), /%%EOF(\r\n|\r|\n)?/g).map(([, end]) => end);
}

function bitFlips(rng: Rng, pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  for (let k = 1 + rng.below(8); k > 0; k--) {
    const at = rng.below(out.length);
    out[at] = out[at]! ^ (1 << rng.below(8));
  }
  return out;
}

function overwriteRun(rng: Rng, pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  rng.bytes(1 + rng.below(64)).copy(out, rng.below(out.length));
  return out;
}

function spliceObject(rng: Rng, pdf: Buffer, donor: Buffer): Buffer {
  const objects = spans(donor.toString('latin1'), /\d+ \d+ obj[\s\S]*?endobj/g);
  const [s, e] = objects[rng.below(objects.length)] ?? [0, Math.min(64, donor.length)];
  const piece = donor.subarray(s, e);
  const boundaries = spans(pdf.toString('latin1'), /endobj\r?\n/g).map(([, end]) => end);
  if (rng.below(2) === 0 && boundaries.length > 0) {
    const at = boundaries[rng.below(boundaries.length)]!;
    return Buffer.concat([pdf.subarray(0, at), piece, pdf.subarray(at)]);
  }
  const out = Buffer.from(pdf);
  piece.copy(out, rng.below(out.length));
  return out;
}

/** Appends a copy of one incremental update (or of the whole file up to a revision end) to the end. */
function duplicateRevision(rng: Rng, pdf: Buffer): Buffer {
  const ends = [0, ...revisionEnds(pdf)];
  const i = 1 + rng.below(ends.length - 1);
  const from = rng.below(3) === 0 ? 0 : ends[i - 1]!;
  return Buffer.concat([pdf, pdf.subarray(from, ends[i])]);
}

function replacementNumber(rng: Rng, n: number, fileLength: number): number {
  switch (rng.below(6)) {
    case 0: return n + 1;
    case 1: return Math.max(0, n - 1);
    case 2: return 0;
    case 3: return rng.below(fileLength * 2);
    case 4: return n + rng.below(2000) - 1000;
    default: return 99_999_999_999;
  }
}

/** Rewrites one number inside a /ByteRange array, padded to its old width when it fits. */
function byteRangeEdit(rng: Rng, pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const numbers = [...text.matchAll(/\/ByteRange\s*\[([^\]]*)\]/g)].flatMap((m) =>
    [...m[1]!.matchAll(/-?\d+/g)].map((d) => ({ at: m.index! + m[0].indexOf('[') + 1 + d.index!, text: d[0] })));
  const target = numbers[rng.below(numbers.length)];
  if (!target) return bitFlips(rng, pdf);
  const n = Number(target.text);
  const replacement = replacementNumber(rng, n, pdf.length);
  let value = String(replacement === n ? n + 1 : replacement);
  if (value.length < target.text.length && rng.below(2) === 0) value = value.padEnd(target.text.length, ' ');
  return Buffer.concat([pdf.subarray(0, target.at), Buffer.from(value, 'latin1'), pdf.subarray(target.at + target.text.length)]);
}

/** Replaces the data of one /FlateDecode stream by random bytes of the same length. */
function streamRandomised(rng: Rng, pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const flate = [...text.matchAll(/\/FlateDecode[^]*?[^d]stream\r?\n/g)].map((m) => m.index! + m[0].length);
  const start = flate[rng.below(flate.length)];
  if (start === undefined) return overwriteRun(rng, pdf);
  const end = text.indexOf('endstream', start);
  if (end < 0) return overwriteRun(rng, pdf);
  const out = Buffer.from(pdf);
  rng.bytes(end - start).copy(out, start);
  return out;
}

function mutate(rng: Rng, mutator: Mutator, pdf: Buffer, donor: Buffer): Buffer {
  switch (mutator) {
    case 'bit-flips': return bitFlips(rng, pdf);
    case 'overwrite-run': return overwriteRun(rng, pdf);
    case 'truncate': return pdf.subarray(0, rng.below(pdf.length));
    case 'splice-object': return spliceObject(rng, pdf, donor);
    case 'duplicate-revision': return duplicateRevision(rng, pdf);
    case 'byte-range-edit': return byteRangeEdit(rng, pdf);
    case 'stream-randomised': return streamRandomised(rng, pdf);
  }
}

/** Case `index` of the run seeded with `seed`: its own PRNG, so no case depends on an earlier one. */
export function mutateCase(seeds: readonly FuzzSeed[], seed: number, index: number): MutatedCase {
  const rng = xorshift32((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  const target = seeds[rng.below(seeds.length)]!;
  const donor = seeds[rng.below(seeds.length)]!;
  const mutator = MUTATORS[rng.below(MUTATORS.length)]!;
  return { seed: target, mutator, bytes: mutate(rng, mutator, target.pdf, donor.pdf) };
}

/**
 * True when the mutation changed a byte some signature signed, and the result is not simply one of
 * the original's signed revisions (a truncation exactly at a revision end is a legitimate file).
 */
export function touchesSignedBytes(original: FuzzSeed, mutated: Buffer): boolean {
  const pdf = original.pdf;
  const signedEnds = original.signedSpans.map((s) => s[s.length - 1]![1]);
  if (signedEnds.some((end) => mutated.length === end && mutated.equals(pdf.subarray(0, end)))) return false;
  if (mutated.length === pdf.length) {
    return original.signedSpans.some((sig) => sig.some(([s, e]) => !mutated.subarray(s, e).equals(pdf.subarray(s, e))));
  }
  let d = 0;
  const n = Math.min(mutated.length, pdf.length);
  while (d < n && mutated[d] === pdf[d]) d++;
  return signedEnds.some((end) => d < end);
}
