import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { SETTINGS } from '../../src/config/settings.js';
import { DocsealError } from '../../src/core/errors.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment, frozen', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      publicBaseUrl: 'http://localhost:3000',
      publicBaseUrlDerived: true,
      mongodbUri: undefined,
      dataDir: '.data',
      blobStore: undefined,
      blobDir: undefined,
      certsDir: 'certs',
      trustDirs: [],
      verifyRateLimit: 30,
      keyVerifyRateLimit: 600,
      tsaPolicyOid: '0.4.0.2023.1.1',
      trustProxy: 0,
      maxUploadBytes: 50 * 1024 * 1024,
      maxDecodedBytes: 256 * 1024 * 1024,
      maxDecodedBytesInFlight: undefined,
      timeZone: 'UTC',
      reportRetentionDays: 90,
      shutdownGraceMs: 10_000,
      keyPassphrase: undefined,
      keyPassphraseFile: undefined,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the public base URL from the port when it is unset, and refuses to guess in production', () => {
    expect(loadConfig({ PORT: '3201' })).toMatchObject({ publicBaseUrl: 'http://localhost:3201', publicBaseUrlDerived: true });
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('PUBLIC_BASE_URL') }));
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://seal.example.gov' })).toMatchObject({ publicBaseUrlDerived: false });
  });

  it('reads every variable, treats empty as unset and drops a trailing slash from the base URL', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://seal.example.gov/',
      DOCSEAL_MAX_UPLOAD_BYTES: '1024',
      DOCSEAL_TIME_ZONE: 'Asia/Shanghai',
      MONGODB_URI: 'mongodb://db:27017/docseal',
      LOG_LEVEL: 'debug',
      HOST: '',
      DOCSEAL_TRUST_DIRS: ' /etc/docseal/trust, ,/srv/ca ',
      DOCSEAL_VERIFY_RATE_LIMIT: '5',
      DOCSEAL_KEY_VERIFY_PER_MINUTE: '1200',
      DOCSEAL_TRUST_PROXY: '1',
      DOCSEAL_REPORT_RETENTION_DAYS: '7',
      DOCSEAL_BLOB_STORE: 'gridfs',
      DOCSEAL_BLOB_DIR: '/srv/docseal/blobs',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      publicBaseUrl: 'https://seal.example.gov',
      publicBaseUrlDerived: false,
      maxUploadBytes: 1024,
      timeZone: 'Asia/Shanghai',
      mongodbUri: 'mongodb://db:27017/docseal',
      logLevel: 'debug',
      trustDirs: ['/etc/docseal/trust', '/srv/ca'],
      verifyRateLimit: 5,
      keyVerifyRateLimit: 1200,
      trustProxy: 1,
      reportRetentionDays: 7,
      blobStore: 'gridfs',
      blobDir: '/srv/docseal/blobs',
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['PUBLIC_BASE_URL', 'https://x/?a=1'],
    ['DOCSEAL_MAX_UPLOAD_BYTES', '-1'],
    ['DOCSEAL_KEY_VERIFY_PER_MINUTE', '0'],
    ['DOCSEAL_MAX_UPLOAD_BYTES', '1.5'],
    ['DOCSEAL_TIME_ZONE', 'Mars/Olympus'],
    ['MONGODB_URI', 'postgres://x'],
    ['LOG_LEVEL', 'loud'],
    ['DOCSEAL_VERIFY_RATE_LIMIT', '0'],
    ['DOCSEAL_TRUST_PROXY', '-1'],
    ['DOCSEAL_MAX_DECODED_BYTES', '1000'],
    ['DOCSEAL_MAX_DECODED_BYTES_IN_FLIGHT', 'lots'],
    ['DOCSEAL_REPORT_RETENTION_DAYS', '0'],
    ['DOCSEAL_BLOB_STORE', 's3'],
  ])('%s=%s is config_invalid naming the setting', (name, value) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DocsealError);
    expect((caught as DocsealError).code).toBe('config_invalid');
    expect((caught as DocsealError).message).toMatch(new RegExp(`^${name}: `));
  });

  it('reads the decode budgets and refuses an in-flight budget smaller than one job', () => {
    const config = loadConfig({ DOCSEAL_MAX_DECODED_BYTES: String(64 * 1024 * 1024), DOCSEAL_MAX_DECODED_BYTES_IN_FLIGHT: String(128 * 1024 * 1024) });
    expect([config.maxDecodedBytes, config.maxDecodedBytesInFlight]).toEqual([64 * 1024 * 1024, 128 * 1024 * 1024]);
    let caught: unknown;
    try {
      loadConfig({ DOCSEAL_MAX_DECODED_BYTES_IN_FLIGHT: String(128 * 1024 * 1024) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'config_invalid', details: { setting: 'DOCSEAL_MAX_DECODED_BYTES_IN_FLIGHT' } });
    expect((caught as DocsealError).message).toMatch(/^DOCSEAL_MAX_DECODED_BYTES_IN_FLIGHT: must be at least DOCSEAL_MAX_DECODED_BYTES/);
  });

  it('documents every setting in docs/configuration.md', () => {
    const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const setting of Object.values(SETTINGS)) expect(docs).toContain(`| \`${setting.env}\` |`);
  });
});
