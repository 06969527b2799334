import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORGED_MARKER } from './content-change.js';

/** What the readers show of a file: poppler (pdftotext, pdftoppm) and MuPDF (mutool). */
export type Rendering = {
  readonly popplerText: string;
  readonly mupdfText: string;
  /** The page pixels poppler draws at a low resolution (PPM bytes, all pages), empty when it drew nothing. */
  readonly popplerPixels: Buffer;
};

/** Attack files are small; a reader taking longer than this on one is a finding of its own. */
const TOOL_TIMEOUT_MS = 20_000;

function run(cmd: string, args: string[]): Buffer {
  const r = spawnSync(cmd, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r.stdout ?? Buffer.alloc(0);
}

/** Renders `bytes` as each reader would (their errors are part of what they show: nothing, or a repair). */
export function renderAsReaders(dir: string, name: string, bytes: Buffer): Rendering {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return {
    popplerText: run('pdftotext', ['-l', '5', path, '-']).toString('utf8'),
    mupdfText: run('mutool', ['draw', '-q', '-F', 'txt', path, '1-5']).toString('utf8'),
    popplerPixels: run('pdftoppm', ['-r', '20', '-l', '5', path]),
  };
}

/** Which readers show the forged text the generators plant. */
export function readersShowingForgery(r: Rendering): ('poppler' | 'mupdf')[] {
  const out: ('poppler' | 'mupdf')[] = [];
  if (r.popplerText.includes(FORGED_MARKER)) out.push('poppler');
  if (r.mupdfText.includes(FORGED_MARKER)) out.push('mupdf');
  return out;
}
