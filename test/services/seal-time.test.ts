import { describe, expect, it } from 'vitest';
import { formatZonedTime } from '../../src/services/seal-time.js';

describe('formatZonedTime', () => {
  const at = new Date('2026-11-27T03:20:05.900Z');

  it('prints the wall time of the zone with its offset', () => {
    expect(formatZonedTime(at, 'Asia/Shanghai')).toEqual({ text: '2026-11-27 11:20:05 +08:00', utcOffsetMinutes: 480 });
    expect(formatZonedTime(at, 'UTC')).toEqual({ text: '2026-11-27 03:20:05 +00:00', utcOffsetMinutes: 0 });
  });

  it('handles negative and half-hour offsets and the day before', () => {
    expect(formatZonedTime(at, 'America/New_York')).toEqual({ text: '2026-11-26 22:20:05 -05:00', utcOffsetMinutes: -300 });
    expect(formatZonedTime(at, 'Asia/Kolkata')).toEqual({ text: '2026-11-27 08:50:05 +05:30', utcOffsetMinutes: 330 });
    expect(formatZonedTime(new Date('2026-07-01T12:00:00Z'), 'America/St_Johns').text).toBe('2026-07-01 09:30:00 -02:30');
  });

  it('follows daylight saving time', () => {
    expect(formatZonedTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin').text).toBe('2026-07-01 14:00:00 +02:00');
    expect(formatZonedTime(new Date('2026-01-01T12:00:00Z'), 'Europe/Berlin').text).toBe('2026-01-01 13:00:00 +01:00');
  });
});
