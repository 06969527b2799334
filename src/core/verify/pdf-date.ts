/**
 * ISO 32000-1 §7.9.4 dates: D:YYYYMMDDHHmmSSOHH'mm', every part after the year optional.
 * Returns undefined for anything that does not follow the grammar or names an impossible time.
 */
export function parsePdfDate(s: string): Date | undefined {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz, tzh = '00', tzm = '00'] = m;
  const utc = Date.UTC(+y!, +mo - 1, +d, +h, +mi, +se);
  if (Number.isNaN(utc) || +mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +se > 59) return undefined;
  const offset = tz === '+' || tz === '-' ? (tz === '-' ? -1 : 1) * (+tzh * 60 + +tzm) : 0;
  return new Date(utc - offset * 60_000);
}
