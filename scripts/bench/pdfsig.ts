import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from './process-runs.js';

/**
 * An NSS database trusting the dev root (as a CA for TLS, e-mail and object signing), the only way to
 * tell pdfsig what to trust. Returns the `-nssdir` argument, or why it could not be made.
 */
export function createNssDb(dir: string, rootPemFile: string): { nssDir: string } | { error: string } {
  const db = join(dir, 'nssdb');
  mkdirSync(db, { recursive: true });
  const steps = [
    ['-N', '-d', `sql:${db}`, '--empty-password'],
    ['-A', '-d', `sql:${db}`, '-n', 'root', '-t', 'CT,C,C', '-a', '-i', rootPemFile],
  ];
  for (const args of steps) {
    const run = spawnSync('certutil', args, { encoding: 'utf8' });
    if (run.error) return { error: `certutil is needed for pdfsig's trust store: ${run.error.message}` };
    if (run.status !== 0) return { error: `certutil ${args[0]} failed: ${run.stderr.trim().split('\n').at(-1)}` };
  }
  return { nssDir: `sql:${db}` };
}

export function pdfsigCommand(nssDir: string, file: string): Command {
  return ['pdfsig', '-nssdir', nssDir, file];
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

/**
 * pdfsig's findings in a few words: how many signatures it found, how many it judged valid (digest
 * and signature), and how many certificates NSS trusted. pdfsig 22.12 says "Unknown issue with
 * Certificate" for a signature whose certificate another signature in the file already used, so a
 * countersigned document by two departments shows fewer trusted certificates than signatures.
 */
export function summarisePdfsig(stdout: string): string {
  const found = count(stdout, '\nSignature #');
  const valid = count(stdout, 'Signature Validation: Signature is Valid.');
  const trusted = count(stdout, 'Certificate Validation: Certificate is Trusted.');
  const whole = count(stdout, 'Total document signed');
  if (found > 0 && valid === found && trusted === found && whole >= 1) return 'valid';
  if (found === 0) return 'no signatures found';
  return `${valid}/${found} valid, ${trusted}/${found} cert. trusted`;
}
