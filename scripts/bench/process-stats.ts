import { readFileSync } from 'node:fs';

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Peak RSS of this process. Linux's getrusage maxRSS (process.resourceUsage().maxRSS) keeps the
 * parent's peak across fork and exec, so every child would report at least the parent's size; VmHWM
 * is the high-water mark of this address space alone. Elsewhere maxRSS (KiB) is the best we have.
 */
export function maxRssMiB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // No procfs: fall through to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}
