import { resolve } from 'node:path';
import { devPkiComplete, generateDevPki, resolveDevPassphrase } from './certs-lib.js';

/** `npm run certs [-- --force]`: generates the development PKI into ./certs (or DOCSEAL_CERTS_DIR). */
async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const certsDir = resolve(process.env.DOCSEAL_CERTS_DIR ?? 'certs');
  if (!force && devPkiComplete(certsDir)) {
    process.stdout.write(`The development PKI in ${certsDir} is complete; run with --force to replace it.\n`);
    return;
  }
  const { passphrase, createdFile } = await resolveDevPassphrase(certsDir, process.env);
  if (createdFile) {
    process.stdout.write(`DOCSEAL_KEY_PASSPHRASE is not set: wrote a new random passphrase to ${createdFile}\n`);
  }
  await generateDevPki({ certsDir, passphrase, now: new Date(), force: true });
  process.stdout.write(`Generated the development PKI in ${certsDir} (trust anchor: trust/docseal-dev-root.pem).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`certs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
