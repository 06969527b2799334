import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mongoose';
import { closeTestDatabase, connectTestDatabase } from './database.js';

describe('test database', () => {
  let conn: Connection;

  beforeAll(async () => {
    conn = await connectTestDatabase('helpers_smoke');
  });

  afterAll(async () => {
    await closeTestDatabase(conn);
  });

  it('starts empty and round-trips a document', async () => {
    const things = conn.collection('things');
    expect(await things.countDocuments()).toBe(0);
    await things.insertOne({ name: 'seal', bytes: 42 });
    const found = await things.findOne({ name: 'seal' });
    expect(found).toMatchObject({ name: 'seal', bytes: 42 });
  });

  it('enforces unique indexes with duplicate-key code 11000', async () => {
    const keys = conn.collection('keys');
    await keys.createIndex({ hash: 1 }, { unique: true });
    await keys.insertOne({ hash: 'a' });
    await expect(keys.insertOne({ hash: 'a' })).rejects.toMatchObject({ code: 11000 });
  });

  it('sees the run\'s server through both inject and MONGODB_URI', () => {
    expect(inject('mongoUri')).toMatch(/^mongodb:\/\//);
    expect(process.env.MONGODB_URI).toBe(inject('mongoUri'));
  });
});
