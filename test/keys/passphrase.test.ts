import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeyPassphrase } from '../../src/keys/passphrase.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docseal-passphrase-'));
  await writeFile(join(dir, 'mounted'), 'from the mounted secret\n');
  await writeFile(join(dir, 'default'), 'from the default file\r\n');
  await writeFile(join(dir, 'empty'), '\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readKeyPassphrase', () => {
  it('prefers DOCSEAL_KEY_PASSPHRASE, then DOCSEAL_KEY_PASSPHRASE_FILE, then the default file', () => {
    const defaults = { passphraseFile: join(dir, 'default') };
    const file = join(dir, 'mounted');
    expect(readKeyPassphrase({ DOCSEAL_KEY_PASSPHRASE: 'direct', DOCSEAL_KEY_PASSPHRASE_FILE: file }, defaults)).toBe(
      'direct',
    );
    expect(readKeyPassphrase({ DOCSEAL_KEY_PASSPHRASE_FILE: file }, defaults)).toBe('from the mounted secret');
    expect(readKeyPassphrase({}, defaults)).toBe('from the default file');
  });

  it('names the settings when none is given', () => {
    expect(() => readKeyPassphrase({ DOCSEAL_KEY_PASSPHRASE: '' }, { passphraseFile: join(dir, 'absent') })).toThrow(
      expect.objectContaining({
        code: 'key_unavailable',
        message: expect.stringMatching(/DOCSEAL_KEY_PASSPHRASE or DOCSEAL_KEY_PASSPHRASE_FILE/),
      }),
    );
  });

  it('names an unreadable or empty passphrase file without showing any content', () => {
    const missing = join(dir, 'missing');
    expect(() => readKeyPassphrase({ DOCSEAL_KEY_PASSPHRASE_FILE: missing }, {})).toThrow(
      expect.objectContaining({ code: 'key_unavailable', message: expect.stringContaining(missing) }),
    );
    expect(() => readKeyPassphrase({ DOCSEAL_KEY_PASSPHRASE_FILE: join(dir, 'empty') }, {})).toThrow(/is empty/);
  });
});
