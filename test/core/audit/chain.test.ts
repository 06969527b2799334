import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/audit/canonical-json.js';
import {
  GENESIS_PREV_HASH,
  canonicalContent,
  createChainVerifier,
  hashEvent,
  sealEvent,
  verifyChain,
  type AuditEvent,
} from '../../../src/core/audit/chain.js';

function chainOf(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    events.push(
      sealEvent({
        seq,
        at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
        type: seq % 2 ? 'sign' : 'download',
        actor: { kind: 'department', department: 'demo', keyId: 'k1' },
        documentId: `doc-${seq}`,
        details: { n: seq, ok: true, note: null },
        prevHash: events.at(-1)?.hash ?? GENESIS_PREV_HASH,
      }),
    );
  }
  return events;
}

describe('canonicalJson', () => {
  it('is the same whatever the key order, at every depth, with no whitespace', () => {
    const a = canonicalJson({ b: 1, a: { z: [1, { y: 2, x: 'é' }], c: null }, d: true });
    const b = canonicalJson({ d: true, a: { c: null, z: [1, { x: 'é', y: 2 }] }, b: 1 });
    expect(a).toBe('{"a":{"c":null,"z":[1,{"x":"é","y":2}]},"b":1,"d":true}');
    expect(b).toBe(a);
  });

  it('sorts keys by UTF-16 code units and writes numbers in shortest form', () => {
    expect(canonicalJson({ b: 1, B: 2, 中: 3, a1: 4, a: 1e21, c: 0.1, e: -0 })).toBe(
      '{"B":2,"a":1e+21,"a1":4,"b":1,"c":0.1,"e":0,"中":3}',
    );
  });

  it('leaves out undefined properties and refuses what JSON cannot say', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/cannot represent/);
    expect(() => canonicalJson({ a: Infinity })).toThrow(/cannot represent/);
    expect(() => canonicalJson([undefined])).toThrow(/cannot represent/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/cannot represent/);
  });
});

describe('hashEvent', () => {
  it('is sha256 of prevHash followed by the canonical content, hex', () => {
    const [event] = chainOf(1);
    const { hash: _hash, ...content } = event!;
    const expected = createHash('sha256').update(GENESIS_PREV_HASH + canonicalContent(content)).digest('hex');
    expect(event!.hash).toBe(expected);
    expect(event!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalContent(event!)).not.toContain('"hash"');
  });

  it('does not depend on the key order of actor or details', () => {
    const [event] = chainOf(1);
    const reordered = { ...event!, details: { note: null, ok: true, n: 1 }, actor: { keyId: 'k1', department: 'demo', kind: 'department' as const } };
    expect(hashEvent(reordered.prevHash, reordered)).toBe(event!.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyChain(chainOf(5))).toEqual({ ok: true, count: 5 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it('names an edited event with hash_mismatch', () => {
    const events = chainOf(5);
    events[2] = { ...events[2]!, details: { ...events[2]!.details, n: 99 } };
    expect(verifyChain(events)).toEqual({ ok: false, count: 2, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('names the event after a deleted one with sequence_gap', () => {
    const events = chainOf(5);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'sequence_gap' } });
  });

  it('names a repeated number with sequence_duplicate', () => {
    const events = chainOf(3);
    events.splice(2, 0, events[1]!);
    expect(verifyChain(events)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'sequence_duplicate' } });
  });

  it('names an event linked to the wrong predecessor with prev_hash_mismatch', () => {
    const events = chainOf(5);
    events[3] = { ...events[3]!, prevHash: events[1]!.hash };
    expect(verifyChain(events)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'prev_hash_mismatch' } });
  });

  it('a first event must link to the genesis hash', () => {
    const [first] = chainOf(1);
    const forged = sealEvent({ ...first!, prevHash: 'f'.repeat(64) });
    expect(verifyChain([forged])).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'prev_hash_mismatch' } });
  });

  it('reports a stored value JSON cannot hold as hash_mismatch instead of throwing', () => {
    const events = chainOf(2);
    events[1] = { ...events[1]!, details: { n: Number.NaN } };
    expect(verifyChain(events)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'hash_mismatch' } });
  });

  it('folds one event at a time and keeps the first break', () => {
    const events = chainOf(4);
    const verifier = createChainVerifier();
    verifier.push(events[0]!);
    expect(verifier.result()).toEqual({ ok: true, count: 1 });
    verifier.push(events[2]!);
    verifier.push(events[3]!);
    expect(verifier.result()).toEqual({ ok: false, count: 1, firstBroken: { seq: 3, reason: 'sequence_gap' } });
  });
});
