import { REDACTED, isCredentialKey, isPlaceholder, isSecretFlag } from './keys.js';
import { redactCredential, redactLine, redactShapes, type Redaction } from './shapes.js';

/** A `NAME=value` word's value redacted when NAME is a credential, its shapes otherwise. */
function assignment(name: string, value: string): { value: string; count: number } {
  if (isCredentialKey(name)) {
    const v = redactCredential(value);
    return { value: v, count: v === value ? 0 : 1 };
  }
  const r = redactShapes(value);
  return { value: r.text, count: r.count };
}

/** The value part of `Environment=`: `NAME=value` words, bare or quoted (systemd.exec(5)). */
function environmentValue(value: string): Redaction {
  let count = 0;
  const text = value.replace(
    /(^|\s)(?:"([A-Za-z_]\w*)=((?:[^"\\]|\\.)*)"|'([A-Za-z_]\w*)=([^']*)'|([A-Za-z_]\w*)=(\S*))(?=\s|$)/g,
    (all, lead: string, dn?: string, dv?: string, sn?: string, sv?: string, bn?: string, bv?: string) => {
      const [q, name, v] = dn !== undefined ? ['"', dn, dv!] : sn !== undefined ? ["'", sn, sv!] : ['', bn!, bv!];
      const r = assignment(name, v);
      if (r.count === 0) return all;
      count += r.count;
      return `${lead}${q}${name}=${r.value}${q}`;
    },
  );
  return { text, count };
}

/**
 * systemd unit files (systemd.syntax(7)) line by line, so that no line moves: `Environment=`
 * assignments by name, secret flags in any value and on continuation lines (a flag at the end of
 * one line whose value starts the next included), shapes everywhere, comments as plain text.
 */
export function redactUnit(text: string): Redaction {
  let count = 0;
  let pendingFlag = false;
  let continued = false;
  const lines = text.split('\n').map((raw) => {
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const t = line.trim();
    let out = line;
    if (t.startsWith('#') || t.startsWith(';')) {
      const r = redactLine(line);
      count += r.count;
      return r.text + cr;
    }
    if (!continued && t.startsWith('[')) return raw;
    if (pendingFlag) {
      // `--token \` then the value alone at the start of the next line.
      out = out.replace(/^(\s*)(["']?)([^\s"'\\]+)/, (all, sp: string, q: string, v: string) => {
        if (isPlaceholder(v) || v.startsWith('-')) return all;
        count++;
        return `${sp}${q}${REDACTED}`;
      });
    }
    const eq = out.indexOf('=');
    if (!continued && eq > 0 && /^\s*Environment\s*$/.test(out.slice(0, eq))) {
      const r = environmentValue(out.slice(eq + 1));
      count += r.count;
      out = out.slice(0, eq + 1) + r.text;
    }
    const r = redactShapes(out);
    count += r.count;
    out = r.text;
    continued = /\\$/.test(out);
    const last = /(--?[A-Za-z][A-Za-z0-9_.-]*)\s*\\$/.exec(out);
    pendingFlag = continued && last !== null && isSecretFlag(last[1]!);
    return out + cr;
  });
  return { text: lines.join('\n'), count };
}

/** Environment files (KEY=value, `export`, quotes, comments): values of credential names, shapes in the rest. */
export function redactEnv(text: string): Redaction {
  let count = 0;
  const lines = text.split('\n').map((line) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(.*?)(\s*)$/.exec(line);
    if (!m) {
      const r = redactLine(line);
      count += r.count;
      return r.text;
    }
    const [, lead, name, eq, raw, tail] = m as unknown as [string, string, string, string, string, string];
    const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
    const inner = q && raw.length >= 2 && raw.endsWith(q) ? raw.slice(1, -1) : raw;
    const wrap = q && raw.length >= 2 && raw.endsWith(q) ? q : '';
    const r = assignment(name, inner);
    count += r.count;
    return `${lead}${name}${eq}${wrap}${r.value}${wrap}${tail}`;
  });
  return { text: lines.join('\n'), count };
}

/** Redacts `--token=x` and `--token x` in an argument list (`--token-auth-file=/a` names a file and stays). */
export function redactArgs(args: string[]): string[] {
  const out = [...args];
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!;
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0 && isSecretFlag(a.slice(0, eq)) && !isPlaceholder(a.slice(eq + 1))) out[i] = `${a.slice(0, eq)}=${REDACTED}`;
    else if (a.startsWith('-') && eq < 0 && isSecretFlag(a) && i + 1 < out.length && out[i + 1] !== '' && !out[i + 1]!.startsWith('-') && !isPlaceholder(out[i + 1]!))
      out[++i] = REDACTED;
  }
  return out;
}

/** /proc/<pid>/cmdline (or environ): NUL-separated words, secret flags and every word's shapes. */
export function redactCmdline(text: string): Redaction {
  const args = text.split('\0');
  const flagged = redactArgs(args);
  let count = flagged.filter((a, i) => a !== args[i]).length;
  const out = flagged.map((a) => {
    const r = redactShapes(a);
    count += r.count;
    return r.text;
  });
  return { text: out.join('\0'), count };
}

/** What no parser accepts: each line's credential-shaped spans and credential assignments. */
export function redactText(text: string): Redaction {
  let count = 0;
  const lines = text.split('\n').map((l) => {
    const r = redactLine(l);
    count += r.count;
    return r.text;
  });
  return { text: lines.join('\n'), count };
}
