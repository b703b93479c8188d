/** Config bytes → text, refusing bytes that are not UTF-8 (a lenient decode would turn them into U+FFFD silently). */
import { LineIndex } from './positions';

const STRICT = new TextDecoder('utf-8', { fatal: true });
const LENIENT = new TextDecoder('utf-8');

/** Where the first invalid byte is: its 0-based character offset in the text before it, and its line and column. */
export interface InvalidByte {
  byte: number;
  offset: number;
  line: number;
  column: number;
}

/** The text (TextDecoder drops a leading byte-order mark), or the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalid: InvalidByte } {
  try {
    return { text: STRICT.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    const before = LENIENT.decode(bytes.subarray(0, at));
    return { invalid: { byte: bytes[at], offset: before.length, ...new LineIndex(before).position(before.length) } };
  }
}

/** Index of the first byte that does not start or continue a well-formed UTF-8 sequence (Unicode Table 3-7). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let tail: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) tail = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      tail = 2;
      if (lead === 0xe0) lo = 0xa0;
      if (lead === 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      tail = 3;
      if (lead === 0xf0) lo = 0x90;
      if (lead === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= tail; k++) {
      const b = bytes[i + k];
      const ok = b !== undefined && (k === 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xbf);
      // A sequence cut short is reported at its lead byte, where the bad character starts.
      if (!ok) return i;
    }
    i += tail + 1;
  }
  return bytes.length;
}
