import { randomBytes } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Flushes a directory's entries (a new name, a removed one) to disk. POSIX fsync(2) on a file makes
 * its bytes durable but not the directory entry that names it; that needs an fsync of the directory.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `dir` and its missing parents with mode 0700 (the umask can only take bits away), and makes
 * each new entry durable by syncing the directory that holds it.
 */
export async function makePrivateDirs(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  let parent = dirname(first);
  for (const part of relative(parent, dir).split(sep)) {
    await fsyncDir(parent);
    parent = join(parent, part);
  }
}

/**
 * Writes `parts` to a new file in `dir` (mode 0600, a name nothing else uses) and fsyncs it; returns
 * its path. The caller gives it its real name afterwards, so a crash never leaves a partial file
 * under a name a reader trusts.
 */
export async function writeTempFile(dir: string, parts: readonly Buffer[]): Promise<string> {
  const path = join(dir, `.tmp-${randomBytes(12).toString('hex')}`);
  const handle = await open(path, 'wx', 0o600);
  try {
    for (const part of parts) {
      let written = 0;
      while (written < part.length) {
        const { bytesWritten } = await handle.write(part, written, part.length - written);
        written += bytesWritten;
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}
