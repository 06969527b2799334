import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter } from 'vitest/node';

type Counts = { passed: number; failed: number; skipped: number };

/**
 * Prints `N passed, M failed[, K skipped]` alone on the last line, for scripts and CI logs that
 * should not parse the default reporter's decorated output. A file that fails outside any test
 * (an import error, a failing beforeAll) with no failed test counts as one failure, so a broken
 * file never hides behind "0 failed".
 */
export class PlainSummaryReporter implements Reporter {
  // onFinished, not onTestRunEnd: the default reporter prints its summary from onFinished, and
  // reporters are called in the order vitest.config.ts lists them, so this line comes last.
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) {
      const failedBefore = counts.failed;
      countTests(file.tasks, counts);
      if (counts.failed === failedBefore && file.result?.state === 'fail') counts.failed += 1;
    }
    counts.failed += errors.length;
    const parts = [`${counts.passed} passed`, `${counts.failed} failed`];
    if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
    process.stdout.write(`\n${parts.join(', ')}\n`);
  }
}

function countTests(tasks: readonly RunnerTask[], counts: Counts): void {
  for (const task of tasks) {
    if (task.type === 'suite') {
      countTests(task.tasks, counts);
      continue;
    }
    const state = task.result?.state ?? task.mode;
    if (state === 'pass') counts.passed += 1;
    else if (state === 'fail') counts.failed += 1;
    else if (state === 'skip' || state === 'todo') counts.skipped += 1;
  }
}

// Vitest loads a reporter given by path from its default export only.
export default PlainSummaryReporter;
