import type * as Yaml from 'yaml';
import { REDACTED } from './keys.js';
import type { Scalar } from './scalars.js';
import { redactShapes } from './shapes.js';

type YamlStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
export interface YamlScalar extends Scalar {
  style: YamlStyle;
}

// The `yaml` package keeps source ranges (js-yaml, the scan's parser, keeps none) but takes ~40 ms
// to load: only a capture that meets a YAML file pays for it.
let lib: typeof Yaml | undefined;
export async function loadYaml(): Promise<typeof Yaml> {
  lib ??= await import('yaml');
  return lib;
}

/**
 * The scalars of every document of a YAML text with their source ranges, each with the key it is
 * the value of (a list item takes its list's key); keys themselves are not listed. `spans` are
 * all scalar ranges, keys included, to tell comments from `#` inside a value. Undefined when the
 * `yaml` package reports an error.
 */
export function yamlScalars(Y: typeof Yaml, text: string): { scalars: YamlScalar[]; spans: Array<[number, number]> } | undefined {
  const scalars: YamlScalar[] = [];
  const spans: Array<[number, number]> = [];
  const docs = Y.parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs)) return undefined;
  for (const doc of docs) {
    if (doc.errors.length > 0) return undefined;
    Y.visit(doc, {
      Scalar(k, node, path) {
        const range = node.range;
        if (!range) return;
        spans.push([range[0], range[1]]);
        if (k === 'key') return;
        let key: string | undefined;
        for (let j = path.length - 1; j >= 0; j--) {
          const p = path[j];
          if (Y.isPair(p)) {
            const kn = p.key;
            key = Y.isScalar(kn) ? String(kn.value) : typeof kn === 'string' ? kn : undefined;
            key = nameOfValue(Y, key, path[j - 1]) ?? key;
            break;
          }
          if (!Y.isSeq(p)) break;
        }
        const v = node.value;
        if (typeof v !== 'string' && typeof v !== 'number') return;
        scalars.push({ start: range[0], end: range[1], value: v, key, style: (node.type ?? 'PLAIN') as YamlStyle });
      },
    });
  }
  return { scalars, spans };
}

/**
 * `{name: REGISTRY_PASSWORD, value: x}`, as a pod's env lists it: the value is named by its
 * sibling, so a credential name there makes the value a credential.
 */
function nameOfValue(Y: typeof Yaml, key: string | undefined, parent: unknown): string | undefined {
  if (key !== 'value' || !Y.isMap(parent)) return undefined;
  const name = parent.get('name');
  return typeof name === 'string' ? name : undefined;
}

/** Where comments are: a `#` at a line start or after a blank, outside every scalar. */
export function yamlComments(text: string, spans: Array<[number, number]>): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let s = 0;
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) {
    while (s < sorted.length && sorted[s]![1] <= i) s++;
    if (s < sorted.length && sorted[s]![0] <= i) continue;
    if (i > 0 && !/[ \t\n]/.test(text[i - 1]!)) continue;
    const end = text.indexOf('\n', i);
    out.push({ start: i, end: end < 0 ? text.length : end });
    i = end < 0 ? text.length : end;
  }
  return out;
}

/** Every line of a scalar's source keeps its indentation and quotes, its content replaced. */
function everyLine(source: string, block: boolean): string {
  const lines = source.split('\n');
  return lines
    .map((l, i) => {
      if (l.trim() === '' || (block && i === 0)) return l;
      return l.replace(/^(\s*["']?)(.*?)(["']?\s*)$/, (all, lead: string, body: string, tail: string) => (body === '' ? all : `${lead}${REDACTED}${tail}`));
    })
    .join('\n');
}

/**
 * A scalar written back in its own style with as many lines as its source had. A literal block
 * keeps its header and indentation when the new value has as many lines; otherwise a multi-line
 * scalar keeps its shape line by line: each line's credential-shaped spans redacted, or, for a
 * credential, every line's content replaced (one `<redacted>` per line, as in a PEM body).
 */
export function yamlWrite(s: YamlScalar, source: string, value: string): string {
  const newlines = (source.match(/\n/g) ?? []).length;
  if (newlines === 0) {
    const plainStart = /^(?:[^\s'"&*!|>%@`#,[\]{}?:-]|[?:-](?=\S))/;
    if (s.style === 'PLAIN' && plainStart.test(value) && !/[\n#,[\]{}]|:\s|\s$/.test(value) && !/^(true|false|null|~|[-+.\d]+$)/i.test(value)) return value;
    if (s.style === 'QUOTE_SINGLE' && !value.includes('\n')) return `'${value.replace(/'/g, "''")}'`;
    return JSON.stringify(value);
  }
  const block = s.style === 'BLOCK_LITERAL' || s.style === 'BLOCK_FOLDED';
  if (s.style === 'BLOCK_LITERAL') {
    const lines = source.split('\n');
    const header = lines[0]!;
    const content = lines.slice(1);
    const trailing = content[content.length - 1] === '' ? content.pop() : undefined;
    const indent = /^[ ]*/.exec(content.find((l) => l.trim() !== '') ?? '')![0];
    const want = value.split('\n');
    if (want[want.length - 1] === '') want.pop();
    if (/^\|[-+]?$/.test(header.trim()) && want.length === content.length && content.every((l) => l.startsWith(indent) || l.trim() === '')) {
      return [header, ...want.map((l) => (l === '' ? '' : `${indent}${l}`))].join('\n') + (trailing !== undefined ? '\n' : '');
    }
  }
  if (value !== REDACTED) {
    const shaped = source
      .split('\n')
      .map((l, i) => (block && i === 0 ? l : redactShapes(l).text))
      .join('\n');
    if (shaped !== source) return shaped;
  }
  return everyLine(source, block);
}
