import { parseEnvFile, parseUnitFile } from '../collect/parse/systemd-unit.js';
import { type Format, formatHint, leaveOut, leaveOutByName } from './classify.js';
import { jsonScalars, jsonString } from './json.js';
import { REDACTED } from './keys.js';
import { redactCmdline, redactEnv, redactText, redactUnit } from './lines.js';
import { type Scalar, applyEdits, compareDocs, compareLines, decide, keysWithShapes } from './scalars.js';
import { redactLine, redactShapes, type Redaction } from './shapes.js';
import { tomlScalars, tomlWrite, type TomlScalar } from './toml.js';
import { loadYaml, yamlComments, yamlScalars, yamlWrite, type YamlScalar } from './yaml.js';
import { lib, rethrowMissing } from '../libs.js';

export { redactArgs } from './lines.js';
export { leaveOutByName } from './classify.js';

/** What a capture does with one file the scan read. */
export type Decision = { keep: Buffer; values: number } | { skip: string };

/** One parser the scan reads files with, and what it makes of a text: a document, or the line it failed on. */
type Parsed = { ok: true; doc: unknown } | { ok: false; line: number | undefined };
const PARSERS: Record<'json' | 'yaml' | 'toml', (text: string) => unknown> = {
  json: (t) => JSON.parse(t),
  // As the scan loads a kubelet config: js-yaml, JSON-compatible (last duplicate key wins).
  yaml: (t) => lib('js-yaml').loadAll(t, null, { json: true }),
  toml: (t) => lib('smol-toml').parse(t),
};
function parseWith(p: keyof typeof PARSERS, text: string): Parsed {
  try {
    return { ok: true, doc: PARSERS[p](text) };
  } catch (err) {
    rethrowMissing(err);
    const e = err as { mark?: { line?: number }; line?: number };
    return { ok: false, line: e.mark?.line ?? e.line };
  }
}

/**
 * Whatever parser the scan reads this file with, the redacted text reads the same: the same
 * document but for values that now hold `<redacted>`, with nothing credential-shaped left; or, if
 * the original did not parse, the same failure on the same line. Lines never move.
 */
function verify(before: string, after: string, format: Format): string | undefined {
  const lines = compareLines(before, after);
  if (lines) return lines;
  for (const p of Object.keys(PARSERS) as Array<keyof typeof PARSERS>) {
    const a = parseWith(p, before);
    const b = parseWith(p, after);
    if (a.ok !== b.ok) return `${p} would ${a.ok ? 'no longer' : 'now'} parse it`;
    if (!a.ok && !b.ok && a.line !== b.line) return `${p} would fail on another line`;
    if (a.ok && b.ok) {
      const d = compareDocs(a.doc, b.doc);
      if (d) return `as ${p}, ${d}`;
      if (p === format && keysWithShapes(b.doc)) return 'a key holds a credential';
    }
  }
  if (format === 'unit') {
    const a = parseUnitFile(before, 'f').directives;
    const b = parseUnitFile(after, 'f').directives;
    if (
      a.length !== b.length ||
      a.some((d, i) => d.key !== b[i]!.key || d.line !== b[i]!.line || d.section !== b[i]!.section || (d.value !== b[i]!.value && !b[i]!.value.includes(REDACTED)))
    ) {
      return 'its directives would change';
    }
  }
  if (format === 'env') {
    const a = [...parseEnvFile(before, 'f').vars];
    const b = new Map(parseEnvFile(after, 'f').vars);
    if (a.length !== b.size || a.some(([k, v]) => !b.has(k) || b.get(k)!.source.line !== v.source.line || (b.get(k)!.value !== v.value && !b.get(k)!.value.includes(REDACTED)))) {
      return 'its variables would change';
    }
  }
  if ((format === 'text' || format === 'unit' || format === 'env') && redactText(after).count > 0) return 'a credential-shaped span is left';
  return undefined;
}

/** Replaces the scalars that hold credentials, each written back by `write` in its own syntax. */
function redactScalars<S extends Scalar>(
  text: string,
  scalars: S[],
  write: (s: S, source: string, value: string) => string,
  comments: Array<{ start: number; end: number }>,
): Redaction {
  let count = 0;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const s of scalars) {
    const d = decide(s);
    if (!d) continue;
    count += d.count;
    edits.push({ start: s.start, end: s.end, text: write(s, text.slice(s.start, s.end), d.value) });
  }
  // Comments are prose: `# password: hunter2` is redacted as plain text.
  for (const c of comments) {
    const r = redactLine(text.slice(c.start, c.end));
    if (r.count === 0) continue;
    count += r.count;
    edits.push({ start: c.start, end: c.end, text: r.text });
  }
  return { text: applyEdits(text, edits), count };
}

const looksLikeEnv = (text: string) => text.split('\n').every((l) => /^\s*($|[#;]|(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=)/.test(l));

/** The file redacted as `format`, or undefined when it is not in that format. */
async function redactAs(format: Format, text: string, hinted: boolean): Promise<Redaction | undefined> {
  switch (format) {
    case 'json': {
      if (!/^\s*[{[]/.test(text)) return undefined;
      const scalars = jsonScalars(text);
      return scalars && redactScalars(text, scalars, (_s, _src, v) => jsonString(v), []);
    }
    case 'toml': {
      if (!parseWith('toml', text).ok) return undefined;
      const t = tomlScalars(text);
      return t && redactScalars<TomlScalar>(text, t.scalars, tomlWrite, t.comments);
    }
    case 'yaml': {
      const p = parseWith('yaml', text);
      // Any text is a YAML scalar: only a mapping or a list (or a file named .yaml) is read as YAML.
      if (!p.ok || (!hinted && !(p.doc as unknown[]).some((d) => typeof d === 'object' && d !== null))) return undefined;
      const Y = await loadYaml();
      const y = yamlScalars(Y, text);
      return y && redactScalars<YamlScalar>(text, y.scalars, yamlWrite, yamlComments(text, y.spans));
    }
    case 'env':
      return hinted || looksLikeEnv(text) ? redactEnv(text) : undefined;
    case 'unit':
      return hinted ? redactUnit(text) : undefined;
    case 'cmdline':
      return redactCmdline(text);
    case 'text':
    case 'data':
      return redactText(text);
  }
}

/**
 * What a capture holds of a file the scan read: left out (a key, a certificate, a kubeconfig, a
 * bare token, or what could not be redacted safely), or kept with its credentials replaced by
 * `<redacted>` in its own syntax, every line where it was, verified by parsing it again.
 */
export async function redactFile(path: string, bytes: Buffer): Promise<Decision> {
  const hint = formatHint(path);
  if (hint === 'data') return { keep: bytes, values: 0 };
  const text = bytes.toString('utf8');
  if (hint === 'cmdline') {
    const r = redactCmdline(text);
    return r.count > 0 ? { keep: Buffer.from(r.text), values: r.count } : { keep: bytes, values: 0 };
  }
  const why = leaveOutByName(path) ?? leaveOut(path, text);
  if (why) return { skip: why };
  const order: Format[] = [...new Set<Format>([...(hint ? [hint] : []), 'json', 'toml', 'yaml', 'env', 'text'])];
  for (const format of order) {
    const r = await redactAs(format, text, format === hint);
    if (!r) continue;
    const problem = verify(text, r.text, format);
    // The reason names where, never what: a key path, with any credential-shaped part redacted.
    if (problem) return { skip: `could not be redacted safely: ${redactShapes(problem).text}` };
    return r.count > 0 ? { keep: Buffer.from(r.text), values: r.count } : { keep: bytes, values: 0 };
  }
  return { skip: 'could not be redacted safely' };
}
