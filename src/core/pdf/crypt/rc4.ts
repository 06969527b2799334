/**
 * RC4 (ISO 32000-1 §7.6.2, Algorithm 1 and §7.6.3.3). OpenSSL 3 ships it only in the legacy provider,
 * which Node does not load, so it is written out here; encryption and decryption are the same operation.
 */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    const t = s[i]!;
    s[i] = s[j]!;
    s[j] = t;
  }
  const out = Buffer.allocUnsafe(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    const si = s[i]!;
    j = (j + si) & 0xff;
    const sj = s[j]!;
    s[i] = sj;
    s[j] = si;
    out[n] = data[n]! ^ s[(si + sj) & 0xff]!;
  }
  return out;
}
