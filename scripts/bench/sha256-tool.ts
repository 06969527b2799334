import { createHash } from 'node:crypto';
import type { BenchTool, TimedRun } from './tool.js';

/** The lower bound: every signer must hash every byte of the file at least once. */
export const sha256Tool: BenchTool = {
  async prepare(file) {
    return (): TimedRun => async () => {
      createHash('sha256').update(file).digest();
      return [];
    };
  },
};
