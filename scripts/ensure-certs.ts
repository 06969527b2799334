import { resolve } from 'node:path';
import { devPkiComplete, generateDevPki, resolveDevPassphrase } from './certs-lib.js';

/**
 * `npm start`'s prestart: generates the development PKI only when it is missing, so a fresh checkout
 * starts with one command. Compiled to plain JavaScript, so it runs without tsx.
 */
async function main(): Promise<void> {
  const certsDir = resolve(process.env.DOCSEAL_CERTS_DIR ?? 'certs');
  if (devPkiComplete(certsDir)) return;
  const { passphrase, createdFile } = await resolveDevPassphrase(certsDir, process.env);
  if (createdFile) {
    process.stdout.write(`DOCSEAL_KEY_PASSPHRASE is not set: wrote a new random passphrase to ${createdFile}\n`);
  }
  await generateDevPki({ certsDir, passphrase, now: new Date(), force: true });
  process.stdout.write(`Generated the development PKI in ${certsDir}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ensure-certs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
