import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startReportRetentionSweep } from '../../src/services/report-retention.js';

describe('the report retention sweep', () => {
  it('purges at once and then every interval, one run at a time, reports failures, and stops', async () => {
    let runs = 0;
    let active = 0;
    let overlap = false;
    const errors: unknown[] = [];
    const purge = async () => {
      runs += 1;
      active += 1;
      overlap ||= active > 1;
      await sleep(30);
      active -= 1;
      if (runs === 2) throw new Error('database away');
      return 0;
    };
    const sweep = startReportRetentionSweep({ purge, intervalMs: 10, onError: (e) => errors.push(e) });
    expect(runs).toBe(1);
    await sleep(150);
    await sweep.stop();
    const stoppedAt = runs;
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect(overlap).toBe(false);
    expect(errors).toHaveLength(1);
    await sleep(50);
    expect(runs).toBe(stoppedAt);
    expect(active).toBe(0);
  });
});
