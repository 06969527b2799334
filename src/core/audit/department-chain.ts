import { createChainVerifier, type AuditEvent, type ChainBreak } from './chain.js';

/**
 * What a department learns from checking the chain: about its own events only. The whole chain is
 * still walked (each event links to the one before it, whoever's it is), but counts and the broken
 * seq are given only for the department's events, so the answer tells nothing of how many events
 * other departments have or which of theirs is broken; `brokenElsewhere` says without a number that
 * the chain breaks at an event that is not the department's. `ok` is true only when the whole chain
 * holds: after a break, later events (the department's included) are not confirmed by the chain.
 */
export type DepartmentChainResult =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly count: number; readonly firstBroken: { readonly seq: number; readonly reason: ChainBreak } }
  | { readonly ok: false; readonly count: number; readonly brokenElsewhere: true };

export type DepartmentChainVerifier = {
  /** Feed every event in ascending seq order, as for createChainVerifier. */
  push(event: AuditEvent): void;
  result(): DepartmentChainResult;
};

/** The department's events, as its audit listing shows them: what it did, and what anyone did with its documents. */
function concernsDepartment(event: AuditEvent, department: string): boolean {
  return (event.actor.kind === 'department' && event.actor.department === department) || event.owner === department;
}

/** `count` is the number of the department's events that verified before the first break anywhere. */
export function createDepartmentChainVerifier(department: string): DepartmentChainVerifier {
  const chain = createChainVerifier();
  let count = 0;
  let broken: DepartmentChainResult | undefined;
  return {
    push(event) {
      if (broken) return;
      chain.push(event);
      const whole = chain.result();
      const own = concernsDepartment(event, department);
      if (whole.ok) {
        if (own) count += 1;
        return;
      }
      broken = own ? { ok: false, count, firstBroken: whole.firstBroken } : { ok: false, count, brokenElsewhere: true };
    },
    result: () => broken ?? { ok: true, count },
  };
}
