import { readFile } from 'node:fs/promises';
import { P12Signer, PDF } from '@libpdf/core';
import { LOCATION, REASON, SIGNING_TIME, type BenchTool, type TimedRun } from './tool.js';

/** @libpdf/core: load, then its PAdES B-B signature, which it writes as an incremental update. */
export const libpdfTool: BenchTool = {
  async prepare(file, keys) {
    const signer = await P12Signer.create(await readFile(keys.chainP12File), keys.p12Password);
    return (): TimedRun => async () => {
      const pdf = await PDF.load(file);
      const { bytes } = await pdf.sign({
        signer,
        reason: REASON,
        location: LOCATION,
        signingTime: SIGNING_TIME,
        subFilter: 'ETSI.CAdES.detached',
        level: 'B-B',
      });
      return [bytes];
    };
  },
};
