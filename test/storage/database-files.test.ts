import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMongoUri, type DatabaseLocation } from '../../src/storage/database-location.js';
import { findFerretDbBinary } from '../../src/storage/ferretdb-process.js';
import { ensurePrivateDir } from '../../src/storage/private-dir.js';

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

/** Every file and directory below `dir`, with its permission bits. */
async function modesBelow(dir: string): Promise<{ path: string; mode: number; dir: boolean }[]> {
  const out: { path: string; mode: number; dir: boolean }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push({ path, mode: await mode(path), dir: entry.isDirectory() });
    if (entry.isDirectory()) out.push(...(await modesBelow(path)));
  }
  return out;
}

const binary = await findFerretDbBinary();

// Starts a FerretDB of its own, as `npm start` does without MONGODB_URI; needs the binary (.ci/run installs it).
describe.skipIf(!binary)('the embedded database keeps its files private (FerretDB started in a temp dir)', () => {
  let parent: string;
  let location: DatabaseLocation | undefined;
  const saved = process.env.MONGODB_URI;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'docseal-data-perm-'));
    delete process.env.MONGODB_URI;
    try {
      location = await resolveMongoUri({ dataDir: join(parent, 'data') });
    } finally {
      process.env.MONGODB_URI = saved;
    }
  });
  afterAll(async () => {
    await location?.stop();
    await rm(parent, { recursive: true, force: true });
  });

  it('creates the data dir 0700 and every SQLite and log file 0600, whatever the umask', async () => {
    expect(location!.kind).toBe('ferretdb');
    const conn = await mongoose.createConnection(location!.uri).asPromise();
    try {
      await conn.collection('probe').insertOne({ written: true });
    } finally {
      await conn.close();
    }
    const dataDir = join(parent, 'data');
    expect((await mode(dataDir)).toString(8)).toBe('700');
    const below = await modesBelow(dataDir);
    expect(below.some((e) => e.path.endsWith('.sqlite'))).toBe(true);
    expect(below.some((e) => e.path.endsWith('ferretdb.log'))).toBe(true);
    for (const e of below) expect({ path: e.path, mode: e.mode.toString(8) }).toEqual({ path: e.path, mode: e.dir ? '700' : '600' });
  });

  it('tightens a data dir that already exists with a looser mode', async () => {
    const loose = join(parent, 'loose');
    await mkdir(loose);
    await chmod(loose, 0o755);
    await ensurePrivateDir(loose);
    expect((await mode(loose)).toString(8)).toBe('700');
  });
});
