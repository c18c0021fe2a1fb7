import { REDACTED, isCredentialKey, isPlaceholder } from './keys.js';
import { hasShape, redactCredential, redactShapes } from './shapes.js';

/**
 * A scalar in a structured file: where its source text is, its value, and the key it is the
 * value of (the list's key for a list item). Each format's scanner finds these; the decision of
 * what to redact is the same for all of them.
 */
export interface Scalar {
  start: number;
  end: number;
  value: string | number;
  key: string | undefined;
}

/** The value a scalar must hold instead, with how many values that replaces; undefined to keep it. */
export function decide(s: Scalar): { value: string; count: number } | undefined {
  if (s.key !== undefined && isCredentialKey(s.key)) {
    if (typeof s.value === 'number') return { value: REDACTED, count: 1 };
    const v = redactCredential(s.value);
    return v === s.value ? undefined : { value: v, count: 1 };
  }
  if (typeof s.value !== 'string') return undefined;
  const r = redactShapes(s.value);
  return r.count > 0 ? { value: r.text, count: r.count } : undefined;
}

/** Replaces source spans, last first so that earlier offsets hold. */
export function applyEdits(text: string, edits: Array<{ start: number; end: number; text: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * The verification every structured redaction passes before its file is shipped: parsed again,
 * the redacted document has the same shape and the same values as the original, except values
 * that now hold `<redacted>`; and nothing credential-shaped or under a credential key is left.
 * Returns what is wrong, or undefined.
 */
export function compareDocs(before: unknown, after: unknown, key?: string, where = ''): string | undefined {
  if (typeof after === 'string' && after.includes(REDACTED) && (typeof before === 'string' || typeof before === 'number')) {
    return hasShape(after) ? `${where}: a credential-shaped value is left` : undefined;
  }
  if (Array.isArray(before)) {
    if (!Array.isArray(after) || after.length !== before.length) return `${where || 'the document'}: a list changed length`;
    for (let i = 0; i < before.length; i++) {
      const d = compareDocs(before[i], after[i], key, `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(before)) {
    if (!isObject(after)) return `${where || 'the document'}: a mapping changed type`;
    const a = Object.keys(before).sort();
    const b = Object.keys(after).sort();
    if (a.length !== b.length || a.some((k, i) => k !== b[i])) return `${where || 'the document'}: its keys changed`;
    for (const k of a) {
      const d = compareDocs(before[k], after[k], k, where ? `${where}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  if (before instanceof Date || after instanceof Date) return String(before) === String(after) ? undefined : `${where}: a date changed`;
  if (!Object.is(before, after)) return `${where}: a value that holds no secret changed`;
  if (typeof after === 'string' && key !== undefined && isCredentialKey(key) && !isPlaceholder(after)) return `${where}: a credential is left`;
  if (typeof after === 'number' && key !== undefined && isCredentialKey(key)) return `${where}: a credential is left`;
  if (typeof after === 'string' && hasShape(after)) return `${where}: a credential-shaped value is left`;
  return undefined;
}

/** Keys are never rewritten; one that holds a credential shape means the file cannot be shipped. */
export function keysWithShapes(doc: unknown): boolean {
  if (Array.isArray(doc)) return doc.some(keysWithShapes);
  if (!isObject(doc)) return false;
  return Object.entries(doc).some(([k, v]) => hasShape(k) || keysWithShapes(v));
}

/** Lines stay where they were, and only lines that held a secret change. */
export function compareLines(before: string, after: string): string | undefined {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) return `it would have ${b.length} lines instead of ${a.length}`;
  const moved = a.findIndex((l, i) => l !== b[i] && !b[i]!.includes(REDACTED));
  return moved >= 0 ? `line ${moved + 1} would change without a redaction on it` : undefined;
}
