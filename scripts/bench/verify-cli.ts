import { readFile } from 'node:fs/promises';
import { loadBenchTrust, verdictOf } from './docseal-verify.js';

/**
 * docseal as a command-line verifier, one process per file like pdfsig: load the trust anchors, read
 * the file, verify, print the verdict. The parent times it from spawn to exit.
 * Usage: verify-cli <file.pdf> <certs dir>
 */
const [file, certsDir] = process.argv.slice(2);
if (!file || !certsDir) throw new Error('usage: verify-cli <file.pdf> <certs dir>');
const [trust, bytes] = await Promise.all([loadBenchTrust(certsDir), readFile(file)]);
process.stdout.write(`${verdictOf(bytes, trust, new Date())}\n`);
