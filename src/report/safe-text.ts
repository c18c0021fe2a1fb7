/**
 * Text from scanned files, captures and arguments is someone else's: printed raw, an
 * `ESC ] 52` sequence writes the reader's clipboard, `ESC [ 8 m` hides text, U+202E reorders it.
 * Everything cgdoctor prints as text passes through here first, and our own colour is added
 * afterwards, so the only escape sequences a terminal receives are ours.
 */

// C0 controls but tab, DEL, C1 controls, bidi embeddings, overrides and isolates. A single line
// also loses newlines: a field that becomes a table cell or an stderr line must stay one line.
const UNSAFE_LINE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_LINE_G = new RegExp(UNSAFE_LINE.source, 'g');
const UNSAFE_TEXT_G = new RegExp(UNSAFE_TEXT.source, 'g');
// JSON.stringify already escapes C0; these it leaves raw, and `cat report.json` would show them.
const UNSAFE_JSON_G = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

function visible(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return c.charCodeAt(0) < 0x80 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
}

/**
 * The string with every control character a terminal acts on made visible (`\x1b`, `\u009b`,
 * `\u202e`). Tabs are kept; newlines are kept only with `multiline`.
 */
export function safeText(s: string, multiline = false): string {
  return multiline ? (UNSAFE_TEXT.test(s) ? s.replace(UNSAFE_TEXT_G, visible) : s) : UNSAFE_LINE.test(s) ? s.replace(UNSAFE_LINE_G, visible) : s;
}

/** Fields whose newlines are paragraphs; every other string, present or added later, is one line. */
const MULTILINE_KEYS = new Set(['message', 'remediation', 'checks', 'why', 'fix']);

/**
 * A deep copy with every string (keys too) made safe, for the text renderers. It walks the value
 * rather than naming fields, so a field added to the scan result later is covered without an edit.
 */
export function safeCopy<T>(value: T): T {
  return copy(value, false) as T;
}

function copy(v: unknown, multiline: boolean): unknown {
  if (typeof v === 'string') return safeText(v, multiline);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, multiline));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [copy(k, false), copy(x, multiline)]));
  if (v instanceof Set) return new Set([...v].map((x) => copy(x, multiline)));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[safeText(k)] = copy(x, MULTILINE_KEYS.has(k));
  return out;
}

/** JSON.stringify's escaping, plus `\u00XX` for DEL, C1 and bidi characters: the same data, safe to cat. */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNSAFE_JSON_G, (c) => `\\u${hex(c, 4)}`)}\n`;
}

/** Already-rendered JSON text made safe the same way. */
export function safeJsonText(json: string): string {
  return json.replace(UNSAFE_JSON_G, (c) => `\\u${hex(c, 4)}`);
}
