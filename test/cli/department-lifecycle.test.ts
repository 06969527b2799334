import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { loadDepartmentIdentities } from '../../src/keys/department-keys.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';
import { expectDepartmentSignsForPdfsig } from '../helpers/department-signature.js';
import { auditEvents, cliEnv, runDocseal } from '../helpers/docseal-cli.js';
import { makePng } from '../helpers/pdf-fixtures.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';

const DB = 'cli_department_lifecycle';
const PASSPHRASE = 'lifecycle-passphrase';

let conn: Connection;
let dir: string;
let certsDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  conn = await connectTestDatabase(DB);
  dir = makeTempDir('docseal-cli-dept-');
  certsDir = join(dir, 'certs');
  await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: new Date(Date.now() - 86_400_000) });
  env = cliEnv(DB, certsDir, PASSPHRASE);
});

afterAll(async () => {
  await closeTestDatabase(conn);
  removeDir(dir);
});

const rootPem = () => readFileSync(join(certsDir, 'trust', 'docseal-dev-root.pem'), 'utf8');

describe('docseal department create, list, show, issue-cert', () => {
  it('creates a department without a key, with its settings and seal', async () => {
    const seal = join(dir, 'seal.png');
    writeFileSync(seal, makePng(64, 64, (x, y) => ((x + y) % 2 === 0 ? 0 : 255)));
    const run = await runDocseal(
      ['department', 'create', '--code', 'civil', '--name-zh', '民政局', '--name-en', 'Civil Affairs Bureau',
        '--seal', seal, '--stamp-position', 'top-left', '--public-download', '--public-preview'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const folder = join(certsDir, 'departments', 'civil');
    expect(readFileSync(join(folder, 'seal.png')).equals(readFileSync(seal))).toBe(true);
    const descriptor = JSON.parse(readFileSync(join(folder, 'department.json'), 'utf8'));
    expect(descriptor).toMatchObject({ code: 'civil', nameZh: '民政局', nameEn: 'Civil Affairs Bureau', stampPosition: 'top-left', publicDownload: true, publicPreview: true });
  });

  it('refuses a code that exists, a bad code and a bad stamp position, changing nothing', async () => {
    const args = (code: string, extra: string[] = []) => ['department', 'create', '--code', code, '--name-zh', '甲', '--name-en', 'A', ...extra];
    for (const [argv, message] of [
      [args('civil'), 'department civil exists already'],
      [args('demo'), 'department demo exists already'],
      [args('Bad Code'), 'lower-case letters, digits and dashes'],
      [args('ok', ['--stamp-position', 'middle']), 'middle'],
    ] as const) {
      const run = await runDocseal([...argv], env);
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(join(certsDir, 'departments', 'ok'))).toBe(false);
  });

  it('lists the new department as having no key, beside the development ones', async () => {
    const run = await runDocseal(['department', 'list', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as { code: string; keyInstalled: boolean; kind: string; certificate?: unknown }[];
    expect(listed.map((d) => d.code)).toEqual(['demo', 'demo-ec', 'service', 'civil']);
    expect(listed.find((d) => d.code === 'civil')).toMatchObject({ keyInstalled: false, kind: 'operator' });
    expect(listed.find((d) => d.code === 'civil')!.certificate).toBeUndefined();
    const table = await runDocseal(['department', 'list'], env);
    expect(table.stdout).toMatch(/^civil\s+no\s+-\s+operator\s+Civil Affairs Bureau \/ 民政局/m);
  });

  it('issues an RSA certificate from the issuing CA; the department then loads and signs (pdfsig)', async () => {
    const run = await runDocseal(['department', 'issue-cert', '--code', 'civil'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('CN=Civil Affairs Bureau');
    const keyFile = join(certsDir, 'private', 'departments', 'civil.key.pem');
    expect(readFileSync(keyFile, 'latin1')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    const departments = await loadDepartmentIdentities(certsDir, PASSPHRASE);
    const civil = departments.get('civil')!;
    expect(civil).toMatchObject({ nameEn: 'Civil Affairs Bureau', stampPosition: 'top-left', publicDownload: true, publicPreview: true });
    expect(civil.identity.signer.keyType).toBe('rsa');
    const certificate = new X509Certificate(civil.identity.certificate);
    expect(certificate.subject).toBe('C=CN\nO=Docseal Development\nCN=Civil Affairs Bureau');
    expect(certificate.checkIssued(new X509Certificate(readFileSync(join(certsDir, 'dev', 'issuing-ca.pem'))))).toBe(true);
    await expectDepartmentSignsForPdfsig(civil, rootPem());
  });

  it('refuses to replace the key without --replace, and issues an EC key with --ec --replace', async () => {
    const refused = await runDocseal(['department', 'issue-cert', '--code', 'civil', '--ec'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has a key already; pass --replace');
    const run = await runDocseal(['department', 'issue-cert', '--code', 'civil', '--ec', '--replace'], env);
    expect(run.code, run.stderr).toBe(0);
    const civil = (await loadDepartmentIdentities(certsDir, PASSPHRASE)).get('civil')!;
    expect(civil.identity.signer.keyType).toBe('ec');
    await expectDepartmentSignsForPdfsig(civil, rootPem());
  });

  it('refuses to issue for a development department', async () => {
    const run = await runDocseal(['department', 'issue-cert', '--code', 'demo'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('development department');
  });

  it('shows the department with its certificate, without secrets', async () => {
    const run = await runDocseal(['department', 'show', 'civil'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/key installed:\s+yes/);
    expect(run.stdout).toMatch(/stamp position:\s+top-left/);
    expect(run.stdout).toMatch(/certificate subject:\s+C=CN, O=Docseal Development, CN=Civil Affairs Bureau/);
    expect(run.stdout).not.toContain(PASSPHRASE);
    expect(run.stdout).not.toContain('PRIVATE KEY');
  });

  it('recorded one operator event per change, and the chain verifies', async () => {
    const events = await auditEvents(conn);
    expect(events.map((e) => [e.type, e.details.code])).toEqual([
      ['department.create', 'civil'],
      ['department.issue-cert', 'civil'],
      ['department.issue-cert', 'civil'],
    ]);
    expect(events.every((e) => e.actor.kind === 'operator')).toBe(true);
    const verify = await runDocseal(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('audit chain OK: 3 events');
  });
});
