/** A signing time as the seal prints it, and the offset /M carries (ISO 32000-1 §7.9.4). */
export type ZonedTime = {
  /** "2026-11-27 11:20:05 +08:00" */
  readonly text: string;
  /** Minutes east of UTC in `timeZone` at that instant. */
  readonly utcOffsetMinutes: number;
};

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function wallClock(at: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const fields: Record<string, number> = {};
  for (const part of parts) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  return fields;
}

/** Formats `at` in `timeZone` (an IANA name), with the offset in force there at that instant. */
export function formatZonedTime(at: Date, timeZone: string): ZonedTime {
  const f = wallClock(at, timeZone);
  const [year, month, day, hour, minute, second] = [f.year, f.month, f.day, f.hour, f.minute, f.second].map((v) => v ?? 0) as [
    number, number, number, number, number, number,
  ];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const utcOffsetMinutes = Math.round((wallAsUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(utcOffsetMinutes / 60))}:${pad(utcOffsetMinutes % 60)}`;
  const text = `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)} ${offset}`;
  return { text, utcOffsetMinutes };
}
