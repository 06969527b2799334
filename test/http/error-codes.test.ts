import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { ERROR_STATUS } from '../../src/http/error-status.js';

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** Rows of the docs table: | `code` | status | meaning | */
function documentedRows(): Map<string, { status: number; meaning: string }> {
  const rows = new Map<string, { status: number; meaning: string }>();
  for (const m of docs.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|\s*(.+?)\s*\|\s*$/gm)) {
    rows.set(m[1]!, { status: Number(m[2]), meaning: m[3]! });
  }
  return rows;
}

describe('error codes', () => {
  it.each(ERROR_CODES.map((c) => [c]))('%s has an HTTP status and a docs/errors.md row with that status', (code) => {
    const status = ERROR_STATUS[code];
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    const row = documentedRows().get(code);
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row!.status).toBe(status);
    expect(row!.meaning.length).toBeGreaterThan(10);
  });

  it('documents and maps nothing that is not a code', () => {
    expect([...documentedRows().keys()].sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });
});
