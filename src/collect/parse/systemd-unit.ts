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

const SHELL_NEED_ESCAPE = new Set(['"', '\\', '`', '$']);

/**
 * EnvironmentFile= syntax, read with systemd's own state machine (src/basic/env-file.c): a
 * leading quote opens a quoted part and a closing one returns to the value, so `A="x"y` is `xy`;
 * a quote inside an unquoted value is literal, which is exactly how `--cgroup-driver='systemd'`
 * reaches kubelet with its quotes; `\` escapes (inside double quotes only `"\`$`), a trailing
 * `\` continues the line, `#` and `;` start comments only where a key could start.
 */
export function parseEnvFile(text: string, path: string): { vars: Map<string, Sourced>; warnings: ParseWarning[] } {
  const vars = new Map<string, Sourced>();
  const warnings: ParseWarning[] = [];
  type State = 'preKey' | 'key' | 'preValue' | 'value' | 'valueEscape' | 'single' | 'double' | 'doubleEscape' | 'comment';
  let state: State = 'preKey';
  let key = '';
  let value = '';
  let line = 1;
  let keyLine = 1;
  // Where trailing whitespace of an unquoted value starts: systemd chops it.
  let trailing = -1;
  const push = () => {
    const k = key.trimEnd();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) warnings.push({ path, line: keyLine, message: `"${clip(k, 60)}" is not a valid variable name, assignment ignored (as systemd does)` });
    else vars.set(k, { value, source: { path, line: keyLine } });
    key = '';
    value = '';
    trailing = -1;
  };
  for (const c of text.replace(/\r\n/g, '\n')) {
    switch (state) {
      case 'preKey':
        if (c === '#' || c === ';') state = 'comment';
        else if (!/\s/.test(c)) {
          state = 'key';
          key = c;
          keyLine = line;
        }
        break;
      case 'key':
        if (c === '\n') {
          warnings.push({ path, line: keyLine, message: `"${clip(key.trim(), 60)}" is not KEY=value, line ignored` });
          state = 'preKey';
          key = '';
        } else if (c === '=') state = 'preValue';
        else key += c;
        break;
      case 'preValue':
        if (c === '\n') {
          push();
          state = 'preKey';
        } else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '\\') state = 'valueEscape';
        else if (!/\s/.test(c)) {
          state = 'value';
          value += c;
        }
        break;
      case 'value':
        if (c === '\n') {
          if (trailing >= 0) value = value.slice(0, trailing);
          push();
          state = 'preKey';
        } else if (c === '\\') {
          state = 'valueEscape';
          trailing = -1;
        } else {
          if (!/\s/.test(c)) trailing = -1;
          else if (trailing < 0) trailing = value.length;
          value += c;
        }
        break;
      case 'valueEscape':
        state = 'value';
        if (c !== '\n') value += c;
        break;
      case 'single':
        if (c === "'") state = 'preValue';
        else value += c;
        break;
      case 'double':
        if (c === '"') state = 'preValue';
        else if (c === '\\') state = 'doubleEscape';
        else value += c;
        break;
      case 'doubleEscape':
        state = 'double';
        if (SHELL_NEED_ESCAPE.has(c)) value += c;
        else if (c !== '\n') value += `\\${c}`;
        break;
      case 'comment':
        if (c === '\n') state = 'preKey';
        break;
    }
    if (c === '\n') line++;
  }
  if (state === 'value' && trailing >= 0) value = value.slice(0, trailing);
  if (state === 'key' && key.trim() !== '') warnings.push({ path, line: keyLine, message: `"${clip(key.trim(), 60)}" is not KEY=value, line ignored` });
  else if (state !== 'preKey' && state !== 'comment' && state !== 'key') push();
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
