import { describe, expect, it } from 'vitest';
import { GENESIS_PREV_HASH, sealEvent, type AuditActor, type AuditEvent } from '../../../src/core/audit/chain.js';
import { createDepartmentChainVerifier } from '../../../src/core/audit/department-chain.js';

/** Events 1..n: odd seqs by department a, even seqs by b; seq 4 is the public verifying a's document. */
function chainOf(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const actor: AuditActor = seq === 4 ? { kind: 'public', address: '192.0.2.1' } : { kind: 'department', department: seq % 2 ? 'a' : 'b' };
    events.push(
      sealEvent({
        seq,
        at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
        type: seq === 4 ? 'verify' : 'sign',
        actor,
        ...(seq === 4 ? { documentId: 'doc-1', owner: 'a' } : {}),
        details: { n: seq },
        prevHash: events.at(-1)?.hash ?? GENESIS_PREV_HASH,
      }),
    );
  }
  return events;
}

const run = (department: string, events: readonly AuditEvent[]) => {
  const verifier = createDepartmentChainVerifier(department);
  for (const e of events) verifier.push(e);
  return verifier.result();
};

const edited = (events: AuditEvent[], seq: number): AuditEvent[] =>
  events.map((e) => (e.seq === seq ? { ...e, details: { n: -1 } } : e));

describe('the chain as a department sees it', () => {
  it('counts only its own events (what it did, what was done with its documents) on an intact chain', () => {
    const events = chainOf(9);
    expect(run('a', events)).toEqual({ ok: true, count: 6 }); // 1 3 4 5 7 9
    expect(run('b', events)).toEqual({ ok: true, count: 3 }); // 2 6 8
    expect(run('c', events)).toEqual({ ok: true, count: 0 });
  });

  it('names the broken seq only to the department whose event it is; others learn only that it is broken elsewhere', () => {
    const events = edited(chainOf(9), 6);
    expect(run('b', events)).toEqual({ ok: false, count: 1, firstBroken: { seq: 6, reason: 'hash_mismatch' } });
    expect(run('a', events)).toEqual({ ok: false, count: 4, brokenElsewhere: true });
  });

  it('stops at the first break: a later break of its own is not reported after one elsewhere', () => {
    const events = edited(edited(chainOf(9), 2), 7);
    expect(run('a', events)).toEqual({ ok: false, count: 1, brokenElsewhere: true });
  });

  it('reports a deleted event at the next one, to whoever owns that next event', () => {
    const events = chainOf(9).filter((e) => e.seq !== 5);
    expect(run('b', events)).toEqual({ ok: false, count: 1, firstBroken: { seq: 6, reason: 'sequence_gap' } });
    expect(run('a', events)).toEqual({ ok: false, count: 3, brokenElsewhere: true });
  });
});
