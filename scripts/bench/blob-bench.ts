import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose, { type Connection, type mongo } from 'mongoose';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { findFerretDbBinary, startFerretDb } from '../../src/storage/ferretdb-process.js';
import { FileBlobStore } from '../../src/storage/file-blob-store.js';
import { GridFsBlobStore } from '../../src/storage/gridfs-blob-store.js';
import { openBlobStore } from '../../src/storage/open-blob-store.js';
import { percentile } from './process-stats.js';

/** The blob read back at every level: the size of a small signed PDF. */
export const PROBE_BYTES = 100_000;
/** What fills the store between reads; each filler differs from the others, so none is shared. */
const FILLER_BYTES = 1024 * 1024;
const FILE_RUNS: Runs = { warmUps: 200, runs: 21 };

export type LevelResult = { readonly level: number; readonly stored: number; readonly medianMs: number; readonly runs: number; readonly fillSeconds: number };
export type StoreResult = { readonly label: string; readonly levels: readonly LevelResult[] };

const meta = { filename: 'bench.pdf', contentType: 'application/pdf', sha256: '' };

async function readAll(store: BlobStore, id: mongo.ObjectId): Promise<number> {
  let bytes = 0;
  for await (const chunk of store.open(id)) bytes += (chunk as Buffer).length;
  return bytes;
}

async function timeRead(store: BlobStore, id: mongo.ObjectId, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const bytes = await readAll(store, id);
    times.push(performance.now() - started);
    if (bytes !== PROBE_BYTES) throw new Error(`read ${bytes} bytes of the ${PROBE_BYTES}-byte probe`);
  }
  return percentile([...times].sort((a, b) => a - b), 50);
}

/** Timed reads at a level, and untimed ones before them (page cache, and V8's optimised code for a read). */
type Runs = { readonly warmUps: number; readonly runs: number };

/** Stores the probe, then fills the store level by level and times reading the probe at each. */
async function measureStore(label: string, store: BlobStore, probe: Buffer, levels: readonly number[], runsAt: (stored: number) => Runs): Promise<StoreResult> {
  const probeId = await store.put([probe], { ...meta, sha256: createHash('sha256').update(probe).digest('hex') });
  const filler = randomBytes(FILLER_BYTES);
  let stored = PROBE_BYTES;
  let fillers = 0;
  const results: LevelResult[] = [];
  for (const level of levels) {
    const fillStarted = performance.now();
    while (stored < level) {
      filler.writeUInt32BE(fillers++, 0);
      await store.put([filler], meta);
      stored += filler.length;
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const { warmUps, runs } = runsAt(level);
    for (let i = 0; i < warmUps; i++) await readAll(store, probeId);
    results.push({ level, stored, medianMs: await timeRead(store, probeId, runs), runs, fillSeconds });
    process.stdout.write(`  ${label}: ${(stored / 1e6).toFixed(0)} MB stored, read ${results.at(-1)!.medianMs.toFixed(2)} ms\n`);
  }
  return { label, levels: results };
}

/** The median of many node:crypto SHA-256 passes over the probe's bytes: the floor of a checked read. */
function hashFloorMs(probe: Buffer): number {
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    createHash('sha256').update(probe).digest();
    times.push(performance.now() - started);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

export type BlobBenchReport = {
  readonly files: StoreResult;
  /** Undefined, with the reason in `gridFsSkipped`, when no FerretDB binary is found. */
  readonly gridFs: StoreResult | undefined;
  readonly gridFsSkipped: string | undefined;
  readonly hashMs: number;
};

/**
 * The file store as the service opens it for the embedded database (files, over GridFS for older
 * ids), then GridFS, each filled in a database or folder of its own on one FerretDB; the folder is
 * removed before GridFS fills, so the disk holds one store at a time.
 */
export async function runBlobBench(dir: string, fileLevels: readonly number[], gridFsLevels: readonly number[]): Promise<BlobBenchReport> {
  const probe = randomBytes(PROBE_BYTES);
  const hashMs = hashFloorMs(probe);
  const binary = await findFerretDbBinary();
  if (!binary) {
    const files = await measureStore('files', await FileBlobStore.open(join(dir, 'blobs')), probe, fileLevels, () => FILE_RUNS);
    return { files, gridFs: undefined, gridFsSkipped: 'no FerretDB binary (FERRETDB_BIN, PATH, ~/go/bin)', hashMs };
  }
  const ferretDb = await startFerretDb(binary, join(dir, 'ferretdb'));
  try {
    const files = await withDatabase(ferretDb.uri, 'bench_files', async (conn) => {
      const { store } = await openBlobStore({ kind: undefined, dir: join(dir, 'blobs'), conn, embeddedDatabase: true });
      return measureStore('files', store, probe, fileLevels, () => FILE_RUNS);
    });
    await rm(join(dir, 'blobs'), { recursive: true, force: true });
    // Each GridFS read there scans every chunk: a few runs show it, more would take minutes.
    const gridFs = await withDatabase(ferretDb.uri, 'bench_gridfs', (conn) =>
      measureStore('GridFS on FerretDB', new GridFsBlobStore(conn), probe, gridFsLevels, (stored) => (stored > 200e6 ? { warmUps: 0, runs: 1 } : { warmUps: 1, runs: 3 })),
    );
    return { files, gridFs, gridFsSkipped: undefined, hashMs };
  } finally {
    await ferretDb.stop();
  }
}

async function withDatabase<T>(uri: string, dbName: string, run: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    return await run(conn);
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}
