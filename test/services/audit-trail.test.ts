import { describe, expect, it } from 'vitest';
import { publicActor } from '../../src/services/audit-trail.js';

describe('publicActor', () => {
  it('records IP addresses as given and anything else a client could write as invalid', () => {
    expect(publicActor('203.0.113.7')).toEqual({ kind: 'public', address: '203.0.113.7' });
    expect(publicActor('::ffff:127.0.0.1')).toEqual({ kind: 'public', address: '::ffff:127.0.0.1' });
    expect(publicActor('not-an-ip<script>')).toEqual({ kind: 'public', address: 'invalid' });
    expect(publicActor(undefined)).toEqual({ kind: 'public', address: 'unknown' });
  });
});
