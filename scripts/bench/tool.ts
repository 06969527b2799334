import type { BenchKeys } from './bench-keys.js';

/** The signed file as the tool returns it (docseal: the original and the update, never concatenated). */
export type SignedOutput = readonly Uint8Array[];

/** The timed part of one run. */
export type TimedRun = () => Promise<SignedOutput>;

/**
 * One contender. `prepare` runs once per child before any timing (keys, fonts, images); the function it
 * returns is called before each run, untimed, and hands back the timed part.
 */
export type BenchTool = {
  prepare(file: Buffer, keys: BenchKeys): Promise<() => TimedRun>;
};

export const SIGNING_TIME = new Date('2026-11-27T03:20:05Z');
export const REASON = 'Benchmark';
export const LOCATION = 'Demo City';

/** What a child prints as its last line. */
export type ChildResult =
  | {
      readonly ok: true;
      readonly medianMs: number;
      readonly p90Ms: number;
      readonly minMs: number;
      readonly maxRssMiB: number;
      readonly outputBytes: number;
    }
  | { readonly ok: false; readonly error: string; readonly maxRssMiB: number };
