import type { ParseWarning, Source } from './diagnostic.js';
import { clip, splitLines } from './diagnostic.js';

/** One `Key=value` line of a unit file, continuations joined, with the line it starts on. */
export interface Directive {
  section: string;
  key: string;
  value: string;
  path: string;
  line: number;
}

export interface UnitFile {
  path: string;
  directives: Directive[];
  warnings: ParseWarning[];
}

/** systemd.syntax(7): sections, `#`/`;` comments, and `\` at the end of a line continuing it. */
export function parseUnitFile(text: string, path: string): UnitFile {
  const directives: Directive[] = [];
  const warnings: ParseWarning[] = [];
  const lines = splitLines(text);
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let t = lines[i]!.replace(/\r$/, '').trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    if (t.startsWith('[')) {
      const close = t.indexOf(']');
      if (close < 0) warnings.push({ path, line: start, message: `section header "${clip(t, 60)}" has no closing ]` });
      section = t.slice(1, close < 0 ? undefined : close);
      continue;
    }
    while (t.endsWith('\\') && i + 1 < lines.length) {
      t = t.slice(0, -1).trimEnd();
      i++;
      const next = lines[i]!.replace(/\r$/, '').trim();
      // Comment lines inside a continuation are skipped, as systemd does.
      if (next.startsWith('#') || next.startsWith(';')) {
        t += ' \\';
        continue;
      }
      t = `${t} ${next}`;
    }
    if (t.endsWith('\\')) t = t.slice(0, -1);
    const eq = t.indexOf('=');
    if (eq < 0) {
      warnings.push({ path, line: start, message: `"${clip(t, 60)}" is not Key=value, line ignored` });
      continue;
    }
    directives.push({ section, key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim(), path, line: start });
  }
  return { path, directives, warnings };
}

/** A word of a command line or assignment list, and whether it was a bare `$VAR` to split. */
interface Word {
  text: string;
  bareVar?: string;
}

/** systemd word splitting: whitespace separates, "..." and '...' quote, backslash escapes. */
export function splitWords(value: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && /\s/.test(value[i]!)) i++;
    if (i >= n) break;
    let text = '';
    let quotedAny = false;
    while (i < n && !/\s/.test(value[i]!)) {
      const c = value[i]!;
      if (c === '"' || c === "'") {
        quotedAny = true;
        const close = value.indexOf(c, i + 1);
        const end = close < 0 ? n : close;
        let inner = value.slice(i + 1, end);
        if (c === '"') inner = inner.replace(/\\(.)/g, '$1');
        text += inner;
        i = end + 1;
      } else if (c === '\\' && i + 1 < n) {
        text += value[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    const bare = !quotedAny ? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(text) : null;
    words.push(bare ? { text, bareVar: bare[1]! } : { text });
  }
  return words;
}

/** A value with the file and line it was defined on, so flags can cite their origin. */
export interface Sourced {
  value: string;
  source: Source;
}

/** `Environment=` values: one or more `KEY=value` assignments, each possibly quoted. */
export function parseEnvironmentDirective(d: Directive): Map<string, Sourced> {
  const out = new Map<string, Sourced>();
  for (const w of splitWords(d.value)) {
    const eq = w.text.indexOf('=');
    if (eq <= 0) continue;
    out.set(w.text.slice(0, eq), { value: w.text.slice(eq + 1), source: { path: d.path, line: d.line } });
  }
  return out;
}

/**
 * EnvironmentFile= syntax: `KEY=value` lines, `#`/`;` comments, surrounding quotes removed
 * (escapes honoured inside double quotes, none inside single quotes). Inner quotes stay, which
 * is exactly how a literal `'systemd'` reaches kubelet.
 */
export function parseEnvFile(text: string, path: string): { vars: Map<string, Sourced>; warnings: ParseWarning[] } {
  const vars = new Map<string, Sourced>();
  const warnings: ParseWarning[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    let t = raw.replace(/\r$/, '').trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) return;
    if (t.startsWith('export ')) t = t.slice(7).trim();
    const eq = t.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.slice(0, eq).trim())) {
      warnings.push({ path, line, message: `"${clip(t, 60)}" is not KEY=value, line ignored` });
      return;
    }
    const key = t.slice(0, eq).trim();
    let value = t.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    vars.set(key, { value, source: { path, line } });
  });
  return { vars, warnings };
}

/**
 * Expands one ExecStart= line into argv, each argument carrying where it came from:
 * `$VAR` as its own word splits at whitespace, `${VAR}` is one argument (systemd.service(5)).
 */
export function expandExec(d: Directive, env: Map<string, Sourced>): { argv: Sourced[]; unset: string[] } {
  const value = d.value.replace(/^[-@:+!]+/, '');
  const here: Source = { path: d.path, line: d.line };
  const argv: Sourced[] = [];
  const unset: string[] = [];
  for (const w of splitWords(value)) {
    if (w.bareVar !== undefined) {
      const v = env.get(w.bareVar);
      if (!v) {
        unset.push(w.bareVar);
        continue;
      }
      for (const part of v.value.split(/\s+/)) if (part !== '') argv.push({ value: part, source: v.source });
      continue;
    }
    let source: Source = here;
    const text = w.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\$/g, (m, name: string | undefined) => {
      if (m === '$$') return '$';
      const v = env.get(name!);
      if (!v) {
        unset.push(name!);
        return '';
      }
      source = v.source;
      return v.value;
    });
    argv.push({ value: text, source });
  }
  return { argv, unset };
}
