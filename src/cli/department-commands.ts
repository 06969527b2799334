import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Corner } from '../core/sign/types.js';
import { loadConfig } from '../config/load-config.js';
import { createDepartment } from '../keys/create-department.js';
import { CORNERS } from '../keys/department-keys.js';
import { findDepartment } from '../keys/department-folders.js';
import { describeDepartment, listDepartments } from '../keys/department-summary.js';
import { parsePemCertificates, signingMaterialFromPem, signingMaterialFromPkcs12 } from '../keys/import-signing-material.js';
import { installDepartmentKey, operatorDepartment } from '../keys/install-department-key.js';
import { issueDepartmentCertificate, loadIssuingCa } from '../keys/issuing-ca.js';
import type { SigningMaterial } from '../keys/signing-material.js';
import { CliError } from './cli-error.js';
import { departmentDetails, departmentTable } from './department-output.js';
import { servicePassphrase, withOperatorSession, type OperatorSession } from './operator-session.js';
import { importPassword, readSecretFile } from './secret-input.js';
import { announceDepartmentChange } from './service-reload.js';

type CreateOptions = { code: string; nameZh: string; nameEn: string; seal?: string; stampPosition?: Corner; publicDownload?: boolean; publicPreview?: boolean };
type ImportOptions = { code: string; p12?: string; passwordFile?: string; key?: string; chain?: string; keyPassphraseFile?: string; replace?: boolean };
type IssueOptions = { code: string; ec?: boolean; replace?: boolean };

function readInput(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new CliError(`cannot read the ${what} ${file}`);
  }
}

async function create(opts: CreateOptions): Promise<void> {
  await withOperatorSession(async (session) => {
    const created = await createDepartment(session.config.certsDir, {
      code: opts.code,
      nameZh: opts.nameZh,
      nameEn: opts.nameEn,
      ...(opts.seal ? { sealPng: readInput(opts.seal, 'seal image') } : {}),
      ...(opts.stampPosition ? { stampPosition: opts.stampPosition } : {}),
      publicDownload: opts.publicDownload ?? false,
      publicPreview: opts.publicPreview ?? false,
    });
    await session.record('department.create', { code: created.code });
    process.stdout.write(`Created department ${created.code} in ${created.folder}.\n`);
    process.stdout.write('It has no key yet: docseal department import-key or issue-cert installs one.\n');
    announceDepartmentChange(session.config);
  });
}

async function list(opts: { json?: boolean }): Promise<void> {
  const departments = await listDepartments(loadConfig(process.env).certsDir);
  process.stdout.write(opts.json ? `${JSON.stringify(departments, null, 2)}\n` : `${departmentTable(departments)}\n`);
}

async function show(code: string, opts: { json?: boolean }): Promise<void> {
  const location = await findDepartment(loadConfig(process.env).certsDir, code);
  if (!location) throw new CliError(`unknown department "${code}"`);
  const summary = await describeDepartment(location);
  process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${departmentDetails(summary)}\n`);
}

/** Reads the key material the options name; the passwords stay in this function's scope. */
function importedMaterial(opts: ImportOptions): { material: SigningMaterial; source: 'pkcs12' | 'pem' } {
  if (opts.p12 !== undefined && opts.key !== undefined) throw new CliError('give either --p12 or --key with --chain, not both');
  if (opts.p12 !== undefined) {
    const extra = opts.chain ? parsePemCertificates(readInput(opts.chain, 'chain file').toString('latin1'), opts.chain) : [];
    const password = importPassword(opts.passwordFile, process.env);
    return { material: signingMaterialFromPkcs12(readInput(opts.p12, 'PKCS#12 file'), password, extra), source: 'pkcs12' };
  }
  if (opts.key === undefined || opts.chain === undefined) throw new CliError('give --p12 <file>, or --key <pem> with --chain <pem>');
  const passphrase = opts.keyPassphraseFile ? readSecretFile(opts.keyPassphraseFile, 'key passphrase') : undefined;
  const keyPem = readInput(opts.key, 'key file').toString('latin1');
  const chainPem = readInput(opts.chain, 'chain file').toString('latin1');
  return { material: signingMaterialFromPem(keyPem, passphrase, chainPem), source: 'pem' };
}

async function install(session: OperatorSession, code: string, material: SigningMaterial, replace: boolean | undefined): Promise<void> {
  const { certsDir } = session.config;
  await installDepartmentKey(certsDir, code, material, { passphrase: servicePassphrase(session.config), now: session.clock(), replace: replace ?? false });
  const { certificate } = material;
  process.stdout.write(`Installed the key of department ${code}: ${certificate.subject.split('\n').join(', ')}\n`);
  process.stdout.write(`valid until ${new Date(certificate.validTo).toISOString()}, SHA-256 fingerprint ${certificate.fingerprint256}\n`);
}

async function importKey(opts: ImportOptions): Promise<void> {
  await withOperatorSession(async (session) => {
    await operatorDepartment(session.config.certsDir, opts.code);
    const { material, source } = importedMaterial(opts);
    await install(session, opts.code, material, opts.replace);
    await session.record('department.import-key', { code: opts.code, source, serialNumber: material.certificate.serialNumber });
    announceDepartmentChange(session.config);
  });
}

async function issueCert(opts: IssueOptions): Promise<void> {
  await withOperatorSession(async (session) => {
    const location = await operatorDepartment(session.config.certsDir, opts.code);
    const { nameEn } = await describeDepartment(location);
    const ca = await loadIssuingCa(session.config.certsDir, servicePassphrase(session.config));
    const keyType = opts.ec ? 'ec' : 'rsa';
    const material = issueDepartmentCertificate(ca, { commonName: nameEn, keyType, now: session.clock() });
    await install(session, opts.code, material, opts.replace);
    await session.record('department.issue-cert', { code: opts.code, keyType, serialNumber: material.certificate.serialNumber });
    announceDepartmentChange(session.config);
  });
}

export function registerDepartmentCommands(program: Command): void {
  const department = program.command('department').description('manage departments: seal, key and certificate');
  department
    .command('create')
    .description(`create a department in <certs dir>/departments/<code>/, without a key yet`)
    .requiredOption('--code <code>', 'lower-case letters, digits and dashes, e.g. civil-affairs')
    .requiredOption('--name-zh <name>', 'the name in Chinese, as the seal shows it')
    .requiredOption('--name-en <name>', 'the name in English, also the certificate common name')
    .option('--seal <png>', 'the seal image (PNG); default: a drawn red placeholder')
    .addOption(new Option('--stamp-position <corner>', 'where the seal goes by default').choices(CORNERS))
    .option('--public-download', 'let the public page offer the signed file for download')
    .option('--public-preview', "let the public page show a rendering of the signed document's seal page")
    .action(create);
  department.command('list').description('list departments with key status and certificate expiry').option('--json', 'print JSON').action(list);
  department.command('show').argument('<code>').description('show a department (no secrets)').option('--json', 'print JSON').action(show);
  department
    .command('import-key')
    .description('install a signing key and chain from a PKCS#12 file or a PEM key with its chain')
    .requiredOption('--code <code>', 'the department')
    .option('--p12 <file>', 'PKCS#12 file; password from --password-file or DOCSEAL_IMPORT_PASSWORD')
    .option('--password-file <file>', 'file holding the PKCS#12 password')
    .option('--key <pem>', 'PEM private key, encrypted or not')
    .option('--key-passphrase-file <file>', 'file holding the PEM key passphrase')
    .option('--chain <pem>', 'PEM certificates: with --key the signer first, then its issuers; with --p12 more issuers')
    .option('--replace', 'replace a key the department has already')
    .action(importKey);
  department
    .command('issue-cert')
    .description('issue a new key and signing certificate from the issuing CA (development, small deployments)')
    .requiredOption('--code <code>', 'the department')
    .option('--ec', 'an ECDSA P-256 key instead of RSA-2048')
    .option('--replace', 'replace a key the department has already')
    .action(issueCert);
}
