/**
 * Encoders for the PDF filters Node has no codec for (ISO 32000-1 §7.4), so tests can build streams
 * and files that use them; the decoders under test never share code with these.
 */

const CLEAR = 256;
const EOD = 257;

class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private held = 0;

  write(code: number, width: number): void {
    this.acc = (this.acc << width) | code;
    this.held += width;
    while (this.held >= 8) {
      this.held -= 8;
      this.bytes.push((this.acc >>> this.held) & 0xff);
    }
    this.acc &= (1 << this.held) - 1;
  }

  finish(): Buffer {
    if (this.held > 0) this.bytes.push((this.acc << (8 - this.held)) & 0xff);
    return Buffer.from(this.bytes);
  }
}

/**
 * §7.4.4.2 LZW with a clear code first and whenever the table fills. The code width follows the
 * decoder's table, which lags the encoder's by one entry: the decoder adds its entry when it reads the
 * next code, and widens once its next free entry plus /EarlyChange reaches the next power of two.
 */
export function lzwEncode(data: Uint8Array, earlyChange = 1): Buffer {
  const out = new BitWriter();
  // (code, next byte) -> code, as a flat table: -1 where the string is not in the table yet.
  const table = new Int32Array(4096 * 256);
  let next = 258;
  let width = 9;
  let decoderNext = 258;
  let emitted = 0;
  const emit = (code: number): void => {
    out.write(code, width);
    if (emitted++ > 0 && decoderNext < 4096) {
      decoderNext++;
      if (decoderNext + earlyChange >= 1 << width && width < 12) width++;
    }
  };
  const clear = (): void => {
    out.write(CLEAR, width);
    table.fill(-1);
    [next, width, decoderNext, emitted] = [258, 9, 258, 0];
  };
  clear();
  let cur = -1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (cur < 0) {
      cur = b;
      continue;
    }
    const hit = table[cur * 256 + b]!;
    if (hit >= 0) {
      cur = hit;
      continue;
    }
    emit(cur);
    table[cur * 256 + b] = next++;
    cur = b;
    if (next === 4095) {
      emit(cur);
      cur = -1;
      clear();
    }
  }
  if (cur >= 0) emit(cur);
  out.write(EOD, width);
  return out.finish();
}

/** §7.4.5: runs of three or more equal bytes as repeats, the rest as literal runs of up to 128 bytes. */
export function runLengthEncode(data: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 128 && data[i + run] === data[i]) run++;
    if (run >= 3) {
      out.push(257 - run, data[i]!);
      i += run;
      continue;
    }
    let end = i + 1;
    while (end < data.length && end - i < 128 && !(end + 2 < data.length && data[end] === data[end + 1] && data[end] === data[end + 2])) end++;
    out.push(end - i - 1, ...data.subarray(i, end));
    i = end;
  }
  out.push(128);
  return Buffer.from(out);
}

/** §7.4.2: hexadecimal digits, a line break every 64, and the `>` marker. */
export function asciiHexEncode(data: Uint8Array): Buffer {
  const hex = Buffer.from(data).toString('hex').replace(/(.{64})/g, '$1\n');
  return Buffer.from(`${hex}>`, 'latin1');
}

/** §7.4.3: base 85 in groups of five, `z` for four zero bytes, a line break every 75 characters, `~>`. */
export function ascii85Encode(data: Uint8Array): Buffer {
  let s = '';
  for (let i = 0; i < data.length; i += 4) {
    const n = Math.min(4, data.length - i);
    const word = [0, 1, 2, 3].reduce((v, k) => v * 256 + (k < n ? data[i + k]! : 0), 0);
    if (n === 4 && word === 0) {
      s += 'z';
      continue;
    }
    const digits: string[] = [];
    for (let k = 0, v = word; k < 5; k++, v = Math.floor(v / 85)) digits.unshift(String.fromCharCode(33 + (v % 85)));
    s += digits.slice(0, n + 1).join('');
  }
  return Buffer.from(`${s.replace(/(.{75})/g, '$1\n')}~>`, 'latin1');
}

/**
 * An LZW stream of `cycles` tables' worth of zero bytes, each table filled by the codes 258, 259, …,
 * each one the previous string plus one more zero: about 8 MiB of output from 6 KiB of codes per table.
 */
export function lzwZeroBomb(cycles: number): Buffer {
  const out = new BitWriter();
  for (let c = 0; c < cycles; c++) {
    out.write(CLEAR, c === 0 ? 9 : 12);
    out.write(0, 9);
    let width = 9;
    for (let code = 258, decoderNext = 258; code < 4095; code++) {
      out.write(code, width);
      decoderNext++;
      if (decoderNext + 1 >= 1 << width && width < 12) width++;
    }
  }
  out.write(EOD, 12);
  return out.finish();
}
