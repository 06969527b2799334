import type { Connection } from 'mongoose';
import { AuditLog } from '../storage/audit-log.js';

export type CommandOutcome = { readonly exitCode: number; readonly output: string };

/** `docseal audit verify`: exit 0 when the whole chain holds, 1 naming the first broken event. */
export async function auditVerifyCommand(conn: Connection): Promise<CommandOutcome> {
  const result = await new AuditLog(conn, () => new Date()).verify();
  if (result.ok) return { exitCode: 0, output: `audit chain OK: ${result.count} events` };
  const { seq, reason } = result.firstBroken;
  return { exitCode: 1, output: `audit chain BROKEN at event #${seq}: ${reason}` };
}
