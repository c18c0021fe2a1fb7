import type { ParseWarning } from './diagnostic.js';
import { clip, splitLines } from './diagnostic.js';
import { splitWords, type Sourced } from './systemd-unit.js';
import { lib } from '../../libs.js';

/** `${VAR}` and `$VAR` from `vars`; unknown ones stay as written, so the evidence shows them. */
function expand(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? m);
}

/**
 * A file of kubelet flags, one or more a line (MicroK8s' `args/kubelet`, read by kubelite's
 * --kubelet-args-file): `#` comments, shell quotes, and the snap's `${SNAP_DATA}` variables.
 */
export function parseArgsFile(text: string, path: string, vars: Record<string, string> = {}): Sourced[] {
  const out: Sourced[] = [];
  splitLines(text).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    for (const w of splitWords(t)) out.push({ value: expand(w.text, vars), source: { path, line: i + 1, excerpt: clip(t, 120) } });
  });
  return out;
}

/**
 * A YAML config's lists of `flag=value` entries under `key` and `key+` (k3s and rke2
 * `kubelet-arg:`), as kubelet flags `--flag=value`, in the order the keys appear; a single string
 * counts as a list of one. `append` marks a `key+` list, which k3s adds to the lists of earlier
 * files instead of replacing them (pkg/configfilearg readConfigFile).
 */
export function parseYamlFlagList(text: string, path: string, key: string): { lists: Array<{ append: boolean; args: Sourced[] }>; warnings: ParseWarning[] } {
  const yaml = lib('js-yaml');
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: path, json: true });
  } catch (err) {
    const e = err as { mark?: { line?: number }; reason?: string };
    return {
      lists: [],
      warnings: [{ path, ...(e.mark?.line !== undefined ? { line: e.mark.line + 1 } : {}), message: `YAML: ${e.reason ?? 'cannot parse'}; its ${key} entries are ignored` }],
    };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { lists: [], warnings: [] };
  const lines = splitLines(text);
  const lists: Array<{ append: boolean; args: Sourced[] }> = [];
  const warnings: ParseWarning[] = [];
  for (const [k, raw] of Object.entries(doc as Record<string, unknown>)) {
    if (k !== key && k !== `${key}+`) continue;
    if (raw === undefined || raw === null) continue;
    const args: Sourced[] = [];
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item !== 'string') {
        warnings.push({ path, message: `${k}: an entry is not a string (${JSON.stringify(item)}); ignored` });
        continue;
      }
      const at = lines.findIndex((l) => l.includes(item));
      args.push({ value: `--${item.replace(/^-+/, '')}`, source: { path, ...(at >= 0 ? { line: at + 1 } : {}), excerpt: clip(at >= 0 ? lines[at]!.trim() : item, 120) } });
    }
    lists.push({ append: k !== key, args });
  }
  return { lists, warnings };
}
