import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Keys blanked out wherever they appear in a logged object, at any depth and in any letter case, with
 * `-` and `_` ignored (`Authorization`, `X-Api-Key`, `API_KEY`, `keyPassphrase` alike): credentials,
 * passphrases, tokens and document bytes must never reach the log, whichever object a caller logs.
 * pino's own `redact` matches exact paths only, so a key spelled differently would slip past it.
 * A credential is any key ending in one of these words; document bytes are these exact keys.
 */
const CREDENTIAL_ENDINGS = ['authorization', 'cookie', 'apikey', 'key', 'secret', 'token', 'passphrase', 'password'] as const;
const BYTES_KEYS: ReadonlySet<string> = new Set(['buffer', 'original', 'update', 'bytes']);
const CENSOR = '[redacted]';
/** Deeper than any object we log; beyond it a value is dropped rather than walked. */
const MAX_DEPTH = 8;

function isRedactedKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_]/g, '');
  return BYTES_KEYS.has(normal) || CREDENTIAL_ENDINGS.some((ending) => normal.endsWith(ending));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy with every redacted key censored; errors and other class instances go to pino's serializers as they are. */
function redact(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return depth >= MAX_DEPTH ? CENSOR : value.map((v) => redact(v, depth + 1));
  if (!isPlainObject(value)) return value;
  if (depth >= MAX_DEPTH) return CENSOR;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isRedactedKey(key) ? CENSOR : redact(v, depth + 1);
  return out;
}

/** The one logger factory: JSON lines on stdout (or `destination`, for tests). */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'docseal' },
    formatters: { log: (object: Record<string, unknown>) => redact(object, 0) as Record<string, unknown> },
  };
  return destination ? pino(options, destination) : pino(options);
}
