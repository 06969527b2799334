import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DocsealError } from '../core/errors.js';
import type { ApiKeyRepository } from '../storage/api-key-repository.js';
import { SERVICE_DEPARTMENT } from './service-identity.js';

export const ROLES = ['sign', 'revoke', 'verify', 'read'] as const;
export type Role = (typeof ROLES)[number];

/** `ds_<keyId>_<secret>`: keyId (16 hex) is the public, indexed part; the 256-bit secret is never stored. */
const KEY_PATTERN = /^ds_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const DUPLICATE_KEY = 11000;
const INSERT_ATTEMPTS = 3;
const TOUCH_INTERVAL_MS = 60_000;

export type CreatedApiKey = { readonly key: string; readonly keyId: string; readonly department: string; readonly roles: readonly Role[] };
export type AuthenticatedKey = { readonly keyId: string; readonly department: string; readonly roles: readonly string[] };
/** What an operator may see of a key: never its secret nor the secret's hash. */
export type ApiKeySummary = {
  readonly keyId: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt?: Date;
  readonly revokedAt?: Date;
};
export type RevokedApiKey = { readonly keyId: string; readonly department: string; readonly revokedAt: Date };

const KEY_ID = /^[0-9a-f]{16}$/;

const secretHash = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === DUPLICATE_KEY;
}

export class ApiKeys {
  constructor(
    private readonly repo: ApiKeyRepository,
    private readonly clock: () => Date,
  ) {}

  /**
   * Creates a key for `department` and returns it in full; this is the only time it exists in clear.
   * A keyId collision (64 random bits) is refused by the unique index and retried with a new key.
   */
  async create(department: string, roles: readonly Role[]): Promise<CreatedApiKey> {
    if (department === SERVICE_DEPARTMENT) throw new DocsealError('invalid_request', 'the service identity signs only the reports the service writes; it gets no API keys');
    for (let attempt = 1; ; attempt++) {
      const keyId = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const record = { keyId, hash: secretHash(secret).toString('hex'), department, roles: [...roles], createdAt: this.clock() };
      try {
        await this.repo.insert(record);
        return { key: `ds_${keyId}_${secret}`, keyId, department, roles };
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= INSERT_ATTEMPTS) throw e;
      }
    }
  }

  /** The key's department and roles; any malformed, unknown, revoked or wrong key is `unauthorized`. */
  async authenticate(presented: string): Promise<AuthenticatedKey> {
    const match = KEY_PATTERN.exec(presented);
    const record = match ? await this.repo.findByKeyId(match[1]!) : undefined;
    const expected = record ? Buffer.from(record.hash, 'hex') : undefined;
    const given = secretHash(match?.[2] ?? presented);
    // A key of the service identity (made before it was refused) would let a caller sign as the service.
    if (!record || !expected || expected.length !== given.length || !timingSafeEqual(expected, given) || record.revokedAt || record.department === SERVICE_DEPARTMENT) {
      throw new DocsealError('unauthorized', 'missing, malformed, unknown or revoked API key');
    }
    const now = this.clock();
    // One write per minute at most: lastUsedAt tells an operator whether a key is in use, not how often.
    if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repo.touch(record.keyId, now);
    }
    return { keyId: record.keyId, department: record.department, roles: record.roles };
  }

  async list(department: string): Promise<ApiKeySummary[]> {
    const records = await this.repo.listByDepartment(department);
    return records.map(({ keyId, roles, createdAt, lastUsedAt, revokedAt }) => ({
      keyId,
      department,
      roles,
      createdAt,
      ...(lastUsedAt ? { lastUsedAt } : {}),
      ...(revokedAt ? { revokedAt } : {}),
    }));
  }

  /** Revokes the key at once: authenticate refuses it from then on. An unknown or revoked id is `not_found`. */
  async revoke(keyId: string): Promise<RevokedApiKey> {
    const record = KEY_ID.test(keyId) ? await this.repo.findByKeyId(keyId) : undefined;
    if (!record) throw new DocsealError('not_found', `no API key with id ${keyId}`);
    const revokedAt = this.clock();
    if (!(await this.repo.revoke(keyId, revokedAt))) {
      throw new DocsealError('not_found', `API key ${keyId} is revoked already`);
    }
    return { keyId, department: record.department, revokedAt };
  }
}

export function parseRoles(list: string): Role[] {
  const roles = list.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new DocsealError('invalid_request', `roles must be a comma-separated list of ${ROLES.join(', ')}`);
  }
  return [...new Set(roles)] as Role[];
}
