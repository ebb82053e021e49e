/**
 * A delivery's bytes as text, and that text as JSON. The text keeps every byte: strict UTF-8
 * with `ignoreBOM`, because by default TextDecoder drops a leading byte-order mark and the
 * text would no longer encode to the bytes Podium signed (valid UTF-8 decodes and re-encodes
 * exactly). JSON is read after such a mark, which RFC 8259 §8.1 lets a parser ignore.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const BYTE_ORDER_MARK = '\uFEFF';

/** The bytes as text, or undefined when they are not UTF-8. */
export function bodyTextOf(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The text without its byte-order mark: what JSON.parse reads. */
export function jsonTextOf(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
}

export type JsonReading = { ok: true; json: unknown } | { ok: false };

/** JSON.parse, read after a byte-order mark; never throws. */
export function parseJsonText(text: string): JsonReading {
  try {
    return { ok: true, json: JSON.parse(jsonTextOf(text)) as unknown };
  } catch {
    return { ok: false };
  }
}
