/**
 * The exact text of each element of a batch (a JSON array), as a slice of the signed body.
 * Re-serializing the parsed elements would both change their bytes (whitespace, escapes,
 * number forms) and recurse once per level of nesting: a signed array ~4,100 levels deep made
 * JSON.stringify throw RangeError (issue 12, finding 1). One iterative pass has neither problem.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * For text that JSON.parse read as an array of `count` elements: each element's text, without
 * the whitespace around it. Throws if the slices do not come out as `count` elements.
 */
export function arrayElementTexts(json: string, count: number): string[] {
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  const close = (end: number) => {
    const element = json.slice(start, end).trim();
    if (element !== '') elements.push(element);
  };
  for (let i = 0; i < json.length; i += 1) {
    const code = json.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (OPENERS.has(code)) {
      depth += 1;
      if (depth === 1) start = i + 1;
    } else if (CLOSERS.has(code)) {
      depth -= 1;
      if (depth === 0) close(i);
    } else if (code === COMMA && depth === 1) {
      close(i);
      start = i + 1;
    }
  }
  if (elements.length !== count) {
    throw new Error(`found ${elements.length} batch elements where JSON.parse read ${count}`);
  }
  return elements;
}
