import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPkiPaths, generateDevPki } from '../../scripts/certs-lib.js';
import { createDepartment } from '../../src/keys/create-department.js';
import { loadDepartmentSet } from '../../src/keys/department-set.js';

const PASSPHRASE = 'department set passphrase';
let pki: string;
const copies: string[] = [];

/** A private copy of the generated PKI that a test may break. */
async function copyOfPki(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docseal-set-copy-'));
  copies.push(dir);
  await cp(pki, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  pki = await mkdtemp(join(tmpdir(), 'docseal-set-'));
  await generateDevPki({ certsDir: pki, passphrase: PASSPHRASE, now: new Date() });
});

afterAll(async () => {
  for (const dir of [pki, ...copies]) await rm(dir, { recursive: true, force: true });
});

describe('loadDepartmentSet', () => {
  it('loads every complete department and skips none', async () => {
    const set = await loadDepartmentSet(pki, PASSPHRASE);
    expect([...set.departments.keys()].sort()).toEqual(['demo', 'demo-ec', 'service']);
    expect(set.skipped).toEqual([]);
  });

  it('skips a department created without a key or certificate, naming what is missing, and loads the others', async () => {
    const certsDir = await copyOfPki();
    await createDepartment(certsDir, { code: 'civil', nameZh: '民政局', nameEn: 'Civil Affairs', publicDownload: false, publicPreview: false });
    const set = await loadDepartmentSet(certsDir, PASSPHRASE);
    expect([...set.departments.keys()].sort()).toEqual(['demo', 'demo-ec', 'service']);
    expect(set.skipped).toHaveLength(1);
    expect(set.skipped[0]).toMatchObject({ code: 'civil', folder: join(certsDir, 'departments', 'civil'), problem: 'no key, no certificate, no chain file' });
    expect(set.skipped[0]!.message).toContain(join(certsDir, 'departments', 'civil'));
  });

  it('skips a folder without department.json, a broken certificate and a key of another department, each with its problem', async () => {
    const certsDir = await copyOfPki();
    const paths = devPkiPaths(certsDir);
    await mkdir(join(certsDir, 'departments', 'half-made'), { recursive: true });
    await writeFile(join(paths.departmentDir('demo-ec'), 'cert.pem'), 'not a certificate');
    await cp(paths.departmentKey('demo'), paths.departmentKey('service'));
    const set = await loadDepartmentSet(certsDir, PASSPHRASE);
    expect([...set.departments.keys()]).toEqual(['demo']);
    const problems = Object.fromEntries(set.skipped.map((s) => [s.code, s.problem]));
    expect(problems).toEqual({
      'demo-ec': 'certificate file holds no valid certificate',
      service: 'key file does not match the certificate',
      'half-made': 'department.json is missing',
    });
    // What /readyz shows carries no path; the log line does.
    for (const skipped of set.skipped) expect(skipped.problem).not.toContain(certsDir);
    expect(set.skipped.find((s) => s.code === 'service')!.message).toContain(paths.departmentKey('service'));
  });

  it('skips an invalid department.json, and a department defined both under dev/ and by the operator', async () => {
    const certsDir = await copyOfPki();
    await cp(devPkiPaths(certsDir).departmentDir('demo'), join(certsDir, 'departments', 'demo'), { recursive: true });
    await writeFile(join(devPkiPaths(certsDir).departmentDir('demo-ec'), 'department.json'), '{"code": "demo-ec"}');
    const set = await loadDepartmentSet(certsDir, PASSPHRASE);
    expect([...set.departments.keys()].sort()).toEqual(['demo', 'service']);
    expect(set.skipped.map((s) => [s.code, s.problem])).toEqual([
      ['demo-ec', 'department.json: nameZh is invalid'],
      ['demo', 'defined twice'],
    ]);
  });

  it('refuses when no department loads: a wrong passphrase names each department and never the passphrase', async () => {
    const attempt = loadDepartmentSet(pki, 'not the passphrase');
    await expect(attempt).rejects.toMatchObject({ code: 'key_unavailable', message: expect.stringMatching(/^no department could be loaded: department demo: key file .*wrong passphrase/) });
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('department demo-ec');
    expect(error.message).not.toContain(PASSPHRASE);
  });

  it('refuses a certs dir with no department folders, pointing at npm run certs', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'docseal-set-empty-'));
    copies.push(empty);
    await expect(loadDepartmentSet(empty, PASSPHRASE)).rejects.toMatchObject({ code: 'key_unavailable', message: expect.stringMatching(/^no departments in .*run npm run certs$/) });
  });
});
