import type { Scalar } from './scalars.js';

type TomlStyle = 'basic' | 'literal' | 'ml-basic' | 'ml-literal' | 'bare';
export interface TomlScalar extends Scalar {
  style: TomlStyle;
}

const ESC: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

function unescapeBasic(body: string, multiline: boolean): string {
  let s = body;
  // A line-ending backslash in a multi-line basic string swallows the newline and the indentation after it.
  if (multiline) s = s.replace(/\\[ \t]*\r?\n[\s]*/g, '');
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (all, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESC[e] ?? all;
  });
}

/**
 * A position-keeping TOML scanner (TOML 1.0): table headers, dotted keys, strings of the four
 * kinds, arrays across lines, inline tables, comments. smol-toml, which the scan uses, keeps no
 * offsets; this finds where each value is so it can be replaced in place. It assumes a document
 * smol-toml accepted, and gives up (undefined) on what it does not understand.
 */
export function tomlScalars(text: string): { scalars: TomlScalar[]; comments: Array<{ start: number; end: number }> } | undefined {
  const scalars: TomlScalar[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  let i = 0;
  const n = text.length;
  const fail = (): never => {
    throw new SyntaxError('TOML');
  };
  const blank = (newlines: boolean) => {
    for (;;) {
      while (i < n && (text[i] === ' ' || text[i] === '\t' || (newlines && (text[i] === '\n' || text[i] === '\r')))) i++;
      if (text[i] === '#') {
        const start = i;
        while (i < n && text[i] !== '\n') i++;
        comments.push({ start, end: i });
        continue;
      }
      return;
    }
  };
  const quoted = (): { style: TomlStyle; value: string; start: number; end: number } => {
    const start = i;
    const q = text[i]!;
    const ml = text.startsWith(q.repeat(3), i);
    if (ml) {
      i += 3;
      const bodyStart = i;
      for (;;) {
        if (i >= n) fail();
        if (q === '"' && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith(q.repeat(3), i)) break;
        i++;
      }
      // Up to two quotes may close the content just before the delimiter.
      let close = i;
      while (text[close + 3] === q && close - i < 2) close++;
      let body = text.slice(bodyStart, close);
      i = close + 3;
      body = body.replace(/^\r?\n/, '');
      return { style: q === '"' ? 'ml-basic' : 'ml-literal', value: q === '"' ? unescapeBasic(body, true) : body, start, end: i };
    }
    i++;
    const bodyStart = i;
    while (i < n && text[i] !== q && text[i] !== '\n') i += q === '"' && text[i] === '\\' ? 2 : 1;
    if (text[i] !== q) fail();
    const body = text.slice(bodyStart, i);
    i++;
    return { style: q === '"' ? 'basic' : 'literal', value: q === '"' ? unescapeBasic(body, false) : body, start, end: i };
  };
  const keyPart = (): string => {
    if (text[i] === '"' || text[i] === "'") return quoted().value;
    const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 256));
    if (!m) fail();
    i += m![0].length;
    return m![0];
  };
  const dottedKey = (): string => {
    let last = '';
    for (;;) {
      blank(false);
      last = keyPart();
      blank(false);
      if (text[i] !== '.') return last;
      i++;
    }
  };
  const value = (key: string, depth: number): void => {
    if (depth > 256) fail();
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = quoted();
      scalars.push({ start: q.start, end: q.end, value: q.value, key, style: q.style });
      return;
    }
    if (c === '[') {
      i++;
      for (;;) {
        blank(true);
        if (text[i] === ']') {
          i++;
          return;
        }
        value(key, depth + 1);
        blank(true);
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail();
      }
    }
    if (c === '{') {
      i++;
      blank(false);
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        const k = dottedKey();
        if (text[i] !== '=') fail();
        i++;
        blank(false);
        value(k, depth + 1);
        blank(false);
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    const m = /^[^\s,\]}#]+(?: [0-9:.+Z-]+)?/.exec(text.slice(i, i + 256));
    if (!m) fail();
    const start = i;
    i += m![0].length;
    if (/^[+-]?(\d[\d_]*)(\.[\d_]+)?([eE][+-]?\d+)?$/.test(m![0])) scalars.push({ start, end: i, value: Number(m![0].replace(/_/g, '')), key, style: 'bare' });
  };
  try {
    for (;;) {
      blank(true);
      if (i >= n) break;
      if (text[i] === '[') {
        const close = text.startsWith('[[', i) ? ']]' : ']';
        i += close.length;
        dottedKey();
        if (!text.startsWith(close, i)) fail();
        i += close.length;
      } else {
        const k = dottedKey();
        if (text[i] !== '=') fail();
        i++;
        blank(false);
        value(k, 0);
      }
      blank(false);
      if (i < n && text[i] !== '\n' && text[i] !== '\r') fail();
    }
    return { scalars, comments };
  } catch {
    return undefined;
  }
}

/** A TOML basic string: the escapes TOML requires, nothing else. */
function tomlBasic(v: string): string {
  return `"${v.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  })}"`;
}

/** A multi-line basic string's body: newlines stay raw, what TOML requires escaped is. */
function mlBasicBody(v: string): string {
  return v
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A scalar written back in its own kind with as many newlines as its source had: a one-line
 * string stays one line; a multi-line one keeps its lines (a PEM keeps its frame), and when the
 * new value has fewer, each line holds a `<redacted>` joined by line-ending backslashes, which
 * TOML trims.
 */
export function tomlWrite(s: TomlScalar, source: string, value: string): string {
  const newlines = (source.match(/\n/g) ?? []).length;
  if (newlines === 0) {
    if (s.style === 'literal' && !/['\u0000-\u001f\u007f]/.test(value)) return `'${value}'`;
    return tomlBasic(value);
  }
  const lead = /^("""|''')\r?\n/.test(source) ? '\n' : '';
  if ((value.match(/\n/g) ?? []).length + lead.length === newlines) {
    if (s.style === 'ml-literal' && !/'''|[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) return `'''${lead}${value}'''`;
    return `"""${lead}${mlBasicBody(value)}"""`;
  }
  const one = mlBasicBody(value.split('\n')[0]!);
  return `"""${lead}${Array.from({ length: lead ? newlines : newlines + 1 }, () => one).join('\\\n')}"""`;
}
