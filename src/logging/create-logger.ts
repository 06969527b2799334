import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log line: credentials, passphrases and document bytes
 * must never reach the log, whichever object a caller happens to log.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'apiKey',
  'passphrase',
  'keyPassphrase',
  '*.passphrase',
  '*.keyPassphrase',
  'buffer',
  '*.buffer',
  'original',
  '*.original',
  'update',
  '*.update',
];

/** The one logger factory: JSON lines on stdout (or `destination`, for tests). */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'docseal' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
