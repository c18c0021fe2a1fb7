import { REDACTED, isCredentialKey, isPlaceholder, isSecretFlag } from './keys.js';

/** Text with spans replaced, and how many values were. */
export interface Redaction {
  text: string;
  count: number;
}

// Each shape keeps what locates the credential (the scheme, the host, the flag, BEGIN/END) and
// replaces only the credential. None matches its own output: `<` is in no credential's alphabet.
const PEM = /(-----BEGIN [A-Z0-9 ]+-----)([\s\S]*?)(-----END [A-Z0-9 ]+-----|$(?![\s\S]))/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** A kubeadm bootstrap token, `[a-z0-9]{6}.[a-z0-9]{16}` (kubeadm token(1)). */
const BOOTSTRAP = /(?<![A-Za-z0-9.])[a-z0-9]{6}\.[a-z0-9]{16}(?![A-Za-z0-9.])/g;
/** RFC 3986 userinfo: what sits between `scheme://` and `@host`. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>[\]{},\\]+)@(?=[^\s@/])/gi;
/** HTTP authorization schemes whose parameter is the credential itself (RFC 7617, RFC 6750). */
const AUTH_SCHEME = /\b([Bb]earer|[Bb]asic|Negotiate)([ \t]+)([A-Za-z0-9._~+/-]+=*)/g;
const FLAG = /(^|[\s"'=,[(])(--[A-Za-z][A-Za-z0-9_.-]*)(=|[ \t]+)(["']?)([^\s"'\\,\])]+)/g;
const ASSIGN = /(^|[\s"',;?&])([A-Za-z_][A-Za-z0-9_.-]*)=(["']?)([^\s"',;&]+)/g;

/**
 * A credential looks like one: long enough and not a plain word (`Basic settings` is prose,
 * `Basic dXNlcjpwYXNz` is not).
 */
function tokenLike(s: string): boolean {
  return s.length >= 8 && (/[0-9+/=_.~-]/.test(s) || /[A-Z]/.test(s.slice(1)));
}

/** PEM bodies, one `<redacted>` per body line so that no line moves; BEGIN and END stay. */
function redactPem(text: string): Redaction {
  let count = 0;
  const out = text.replace(PEM, (all, begin: string, body: string, end: string) => {
    if (body.split('\n').every((l) => l.trim() === '' || l.trim() === REDACTED)) return all;
    count++;
    const lines = body.split('\n');
    const redacted = lines.length === 1 ? REDACTED : lines.map((l) => (l.trim() === '' ? l : `${/^\s*/.exec(l)![0]}${REDACTED}`)).join('\n');
    return `${begin}${redacted}${end}`;
  });
  return { text: out, count };
}

/**
 * Redacts every credential-shaped span in a value or a line: PEM bodies, JWTs, bootstrap tokens,
 * URL userinfo, `Bearer`/`Basic` parameters, `--secret-flag=value` (and `--flag value`), and
 * `SECRET_NAME=value` assignments.
 */
export function redactShapes(text: string): Redaction {
  let count = 0;
  const pem = redactPem(text);
  count += pem.count;
  let t = pem.text;
  const sub = (re: RegExp, f: (...m: string[]) => string | undefined) => {
    t = t.replace(re, (...args: unknown[]) => {
      const m = args.slice(0, -2) as string[];
      const r = f(...m);
      if (r === undefined) return m[0]!;
      count++;
      return r;
    });
  };
  sub(JWT, () => REDACTED);
  sub(BOOTSTRAP, () => REDACTED);
  sub(USERINFO, (_a, scheme) => `${scheme}${REDACTED}@`);
  sub(AUTH_SCHEME, (_a, scheme, sp, cred) => (tokenLike(cred!) ? `${scheme}${sp}${REDACTED}` : undefined));
  sub(FLAG, (_a, lead, flag, sep, q, value) => {
    if (!isSecretFlag(flag!) || isPlaceholder(value!) || value!.includes(REDACTED) || value!.startsWith('-')) return undefined;
    return `${lead}${flag}${sep}${q}${REDACTED}`;
  });
  sub(ASSIGN, (_a, lead, name, q, value) => {
    if (!isCredentialKey(name!) || isPlaceholder(value!) || value!.includes(REDACTED)) return undefined;
    return `${lead}${name}=${q}${REDACTED}`;
  });
  return { text: t, count };
}

/** True when a value still holds something credential-shaped. */
export function hasShape(text: string): boolean {
  return redactShapes(text).count > 0;
}

/**
 * The value a credential key keeps: `Bearer <redacted>` for an authorization header, the PEM
 * frame for a key, the scheme and host for a URL, `<redacted>` for the rest.
 */
export function redactCredential(value: string): string {
  if (isPlaceholder(value) || value.includes(REDACTED)) return value;
  const scheme = /^(\s*(?:[Bb]earer|[Bb]asic|[Tt]oken|Negotiate|Digest)[ \t]+)\S/.exec(value);
  if (scheme) return `${scheme[1]}${REDACTED}`;
  if (/-----BEGIN /.test(value) || /^[a-z][a-z0-9+.-]*:\/\/[^\s/]*@/i.test(value)) {
    const r = redactShapes(value);
    if (
      r.count > 0 &&
      !/\S/.test(
        r.text
          .replace(PEM, '')
          .replace(USERINFO, '')
          .replace(/[a-z][a-z0-9+.-]*:\/\/<redacted>@\S*/gi, ''),
      )
    )
      return r.text;
  }
  return REDACTED;
}

/** `name: value` or `name = value` anywhere in prose, a scheme and its credential kept together. */
const PROSE_ASSIGN = /(^|[\s#;,{(["'])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2(\s*[:=]\s*)((?:[Bb]earer|[Bb]asic|[Tt]oken|Negotiate)[ \t]+[^\s"',;]+|"[^"]*"|'[^']*'|[^\s"',#;}\])]+)/g;

/**
 * The plain-text reading of a line, for what no parser accepts and for comments: its
 * credential-shaped spans, and `name: value` / `name = value` with a credential name anywhere.
 */
export function redactLine(line: string): Redaction {
  const r = redactShapes(line);
  let count = r.count;
  let text = r.text;
  const re = new RegExp(PROSE_ASSIGN.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [all, lead, kq, key, sep, raw] = m as unknown as [string, string, string, string, string, string];
    const q = /^["']/.test(raw) ? raw[0]! : '';
    const inner = q ? raw.slice(1, -1) : raw;
    if (!isCredentialKey(key) || isPlaceholder(inner) || inner.includes(REDACTED) || /^[{[]/.test(inner)) {
      // Not a credential: look again from its value, which may be `password: x` itself.
      re.lastIndex = m.index + lead.length + kq.length + key.length;
      continue;
    }
    count++;
    const replaced = `${lead}${kq}${key}${kq}${sep}${q}${redactCredential(inner)}${q}`;
    text = text.slice(0, m.index) + replaced + text.slice(m.index + all.length);
    re.lastIndex = m.index + replaced.length;
  }
  return { text, count };
}
