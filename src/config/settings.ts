import { z } from 'zod';

const MIB = 1024 * 1024;

const port = z.coerce.number().int().min(0).max(65_535);
const nonEmpty = z.string().trim().min(1);

/** A time zone name the platform's Intl knows (IANA, e.g. "Asia/Shanghai"), or "UTC". */
const timeZone = nonEmpty.refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a time zone name known to this Node (e.g. "Asia/Shanghai", "UTC")' },
);

/** The base of the public verification URL: http(s), no query or fragment; a trailing slash is dropped. */
const baseUrl = z
  .string()
  .trim()
  .url()
  .refine((s) => /^https?:\/\//i.test(s), { message: 'must be an http:// or https:// URL' })
  .refine((s) => !s.includes('?') && !s.includes('#'), { message: 'must not contain a query or fragment' })
  .transform((s) => s.replace(/\/+$/, ''));

/** A comma-separated list of folders; blanks between commas are ignored. */
const folderList = z
  .string()
  .transform((s) => s.split(',').map((f) => f.trim()).filter(Boolean))
  .pipe(z.array(nonEmpty));

/**
 * Every setting with its environment variable, default and doc line. docs/configuration.md lists the
 * same table; keep the two in step (test/config/load-config.test.ts checks every variable is documented).
 */
export const SETTINGS = {
  port: { env: 'PORT', doc: 'TCP port the HTTP server listens on.', schema: port.default(3000) },
  host: { env: 'HOST', doc: 'Address the HTTP server binds to.', schema: nonEmpty.default('0.0.0.0') },
  publicBaseUrl: {
    env: 'PUBLIC_BASE_URL',
    doc: 'Public base URL of this service; the QR code encodes `<base>/v/<document id>`. Unset: `http://localhost:<PORT>`, refused with NODE_ENV=production.',
    schema: baseUrl.optional(),
  },
  mongodbUri: {
    env: 'MONGODB_URI',
    doc: 'MongoDB connection string. Unset: a local FerretDB, else an embedded MongoDB, keeps data in the data dir.',
    schema: z
      .string()
      .trim()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  },
  dataDir: {
    env: 'DOCSEAL_DATA_DIR',
    doc: 'Folder for the embedded database when MONGODB_URI is unset.',
    schema: nonEmpty.default('.data'),
  },
  blobStore: {
    env: 'DOCSEAL_BLOB_STORE',
    doc: 'Where signed files are kept: `files` (a private folder, content-addressed by SHA-256) or `gridfs` (the database). Unset: `files` when MONGODB_URI is unset, `gridfs` when it is set.',
    schema: z.enum(['files', 'gridfs']).optional(),
  },
  blobDir: {
    env: 'DOCSEAL_BLOB_DIR',
    doc: 'Folder of the `files` blob store. Unset: `<DOCSEAL_DATA_DIR>/blobs`.',
    schema: nonEmpty.optional(),
  },
  certsDir: {
    env: 'DOCSEAL_CERTS_DIR',
    doc: 'Folder with department certificates, encrypted keys and seal images (see `npm run certs`).',
    schema: nonEmpty.default('certs'),
  },
  trustDirs: {
    env: 'DOCSEAL_TRUST_DIRS',
    doc: 'More folders of trust anchors (PEM certificates), comma-separated, beside `<certs dir>/trust`.',
    schema: folderList.default(''),
  },
  verifyRateLimit: {
    env: 'DOCSEAL_VERIFY_RATE_LIMIT',
    doc: 'Anonymous verification uploads per client address and minute; public lookups get ten times as many.',
    schema: z.coerce.number().int().positive().max(100_000).default(30),
  },
  keyVerifyRateLimit: {
    env: 'DOCSEAL_KEY_VERIFY_PER_MINUTE',
    doc: 'Verification uploads per department API key and minute; they do not count against the address limit.',
    schema: z.coerce.number().int().positive().max(100_000).default(600),
  },
  tsaPolicyOid: {
    env: 'DOCSEAL_TSA_POLICY_OID',
    doc: 'TSA policy OID every time-stamp token of the built-in TSA names (RFC 3161 §2.4.2); default the ETSI EN 319 421 best-practices policy.',
    schema: z.string().regex(/^[0-2](\.(0|[1-9][0-9]{0,14}))+$/, 'a dotted object identifier with arcs below 10^15').default('0.4.0.2023.1.1'),
  },
  trustProxy: {
    env: 'DOCSEAL_TRUST_PROXY',
    doc: 'Reverse proxies in front of the service whose X-Forwarded-For is believed (0: none), for per-client rate limits.',
    schema: z.coerce.number().int().min(0).max(10).default(0),
  },
  maxUploadBytes: {
    env: 'DOCSEAL_MAX_UPLOAD_BYTES',
    doc: 'Largest PDF accepted for signing, in bytes; larger uploads get 413 too_large while still streaming.',
    schema: z.coerce.number().int().positive().max(2 * 1024 * MIB).default(50 * MIB),
  },
  maxDecodedBytes: {
    env: 'DOCSEAL_MAX_DECODED_BYTES',
    doc: 'Bytes all the streams of one PDF may decode to, per verification or signing; past it 422 limit_exceeded.',
    schema: z.coerce.number().int().min(MIB).max(16 * 1024 * MIB).default(256 * MIB),
  },
  maxDecodedBytesInFlight: {
    env: 'DOCSEAL_MAX_DECODED_BYTES_IN_FLIGHT',
    doc: 'Decoded bytes all verifications running at once may hold; unset: twice DOCSEAL_MAX_DECODED_BYTES.',
    schema: z.coerce.number().int().min(MIB).max(64 * 1024 * MIB).optional(),
  },
  timeZone: {
    env: 'DOCSEAL_TIME_ZONE',
    doc: 'Time zone of the signing time printed on the seal and written to /M, e.g. "Asia/Shanghai".',
    schema: timeZone.default('UTC'),
  },
  shutdownGraceMs: {
    env: 'DOCSEAL_SHUTDOWN_GRACE_MS',
    doc: 'After SIGTERM or SIGINT, how long requests in flight may take to finish before their connections are closed.',
    schema: z.coerce.number().int().min(0).max(600_000).default(10_000),
  },
  reportRetentionDays: {
    env: 'DOCSEAL_REPORT_RETENTION_DAYS',
    doc: 'Days a signed verification report (requested with a department API key) is kept; then it is deleted.',
    schema: z.coerce.number().int().positive().max(36_500).default(90),
  },
  keyPassphrase: {
    env: 'DOCSEAL_KEY_PASSPHRASE',
    doc: 'Passphrase of the encrypted department keys (or use DOCSEAL_KEY_PASSPHRASE_FILE).',
    schema: z.string().min(1).optional(),
  },
  keyPassphraseFile: {
    env: 'DOCSEAL_KEY_PASSPHRASE_FILE',
    doc: 'File holding the key passphrase (e.g. a container secret); used when DOCSEAL_KEY_PASSPHRASE is unset.',
    schema: nonEmpty.optional(),
  },
  logLevel: {
    env: 'LOG_LEVEL',
    doc: 'pino log level.',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;

/** The validated, frozen configuration the composition roots hand to everything else. */
export type Config = { readonly [K in SettingName]: z.output<Settings[K]['schema']> } & {
  /** Always set once loaded: given, or derived from the port (see loadConfig). */
  readonly publicBaseUrl: string;
  /** Whether publicBaseUrl was derived rather than given: the service says so at start. */
  readonly publicBaseUrlDerived: boolean;
};
