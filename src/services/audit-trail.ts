import { isIP } from 'node:net';
import type { AuditActor } from '../core/audit/chain.js';
import type { AuditLog } from '../storage/audit-log.js';

/** What use cases need of the audit log: appending. */
export type AuditTrail = Pick<AuditLog, 'append'>;

/** A department acting through one of its API keys. */
export const departmentActor = (department: string, keyId: string): AuditActor => ({ kind: 'department', department, keyId });

/**
 * Someone without an API key, known only by the client address the HTTP layer saw. Behind a trusted
 * proxy that address comes from X-Forwarded-For, which the client writes: anything but an IP address
 * is recorded as 'invalid', never as the client's text.
 */
export const publicActor = (address: string | undefined): AuditActor => ({
  kind: 'public',
  address: address === undefined ? 'unknown' : isIP(address) ? address : 'invalid',
});
