/** A number for a content stream: at most 3 decimals, no exponent, no trailing zeros (ISO 32000-1 §7.3.3). */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  if (Number.isInteger(r)) return String(r === 0 ? 0 : r);
  return r.toFixed(3).replace(/0+$/, '');
}
