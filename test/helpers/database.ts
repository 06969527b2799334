import mongoose, { type Connection } from 'mongoose';
import { inject } from 'vitest';

// Safe on MongoDB and on FerretDB's SQLite backend, which maps each database to a file.
const DATABASE_NAME = /^[A-Za-z0-9_-]{1,60}$/;

function mongoUri(): string {
  const uri = inject('mongoUri') ?? process.env.MONGODB_URI;
  if (!uri) {
    throw new Error('no test database: run through vitest (test/helpers/global-setup.ts) or set MONGODB_URI');
  }
  return uri;
}

/**
 * A connection to an empty database named `name` on the run's server. Use one name per test
 * file (e.g. 'http_documents') so that files running in parallel never see each other's data.
 */
export async function connectTestDatabase(name: string): Promise<Connection> {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`test database name must match ${DATABASE_NAME}: ${JSON.stringify(name)}`);
  }
  const conn = await mongoose.createConnection(mongoUri(), { dbName: name }).asPromise();
  await conn.dropDatabase();
  return conn;
}

/** Another connection to the database `connectTestDatabase(name)` prepared, leaving its data alone. */
export async function connectSameTestDatabase(name: string): Promise<Connection> {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`test database name must match ${DATABASE_NAME}: ${JSON.stringify(name)}`);
  }
  return mongoose.createConnection(mongoUri(), { dbName: name }).asPromise();
}

export async function closeTestDatabase(conn: Connection): Promise<void> {
  await conn.dropDatabase();
  await conn.close();
}
