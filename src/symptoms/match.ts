import type { AnyRule } from '../rules/define.js';

export interface SymptomMatch {
  rule: string;
  name: string;
  score: number;
  /** The symptom text that matched best. */
  symptom: string;
}

const STOP = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'in',
  'into',
  'is',
  'it',
  'its',
  'of',
  'on',
  'or',
  'that',
  'the',
  'then',
  'to',
  'with',
  'x',
  'pid',
  'err',
  'error',
  'e',
]);

/** Word tokens, keeping dotted and dashed names (`cpuset.cpus`, `system.slice`) whole. */
function tokenize(s: string): string[] {
  const raw = s.toLowerCase().match(/[a-z0-9][a-z0-9_.=-]*/g) ?? [];
  return raw.map((t) => t.replace(/[.=-]+$/, '')).filter((t) => t.length > 1 && !STOP.has(t) && !/^\d+$/.test(t));
}

/** A symptom and the fragments a pasted line may contain only part of (split at `: `, `...`, `;`). */
function fragments(symptom: string): string[] {
  const parts = symptom
    .split(/:\s|\.\.\.|…|;/)
    .map((p) => p.trim())
    .filter((p) => tokenize(p).length > 0);
  return [symptom, ...parts];
}

interface Indexed {
  rule: AnyRule;
  symptom: string;
  fragment: string;
  tokens: string[];
  weight: number;
}

/** Below this much idf weight a fragment is too generic ("unknown") to count fully on its own. */
const SPECIFIC = 6;
const THRESHOLD = 0.5;

function buildIndex(rules: readonly AnyRule[]) {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const entries: Array<{ rule: AnyRule; symptom: string; factor: number }> = [];
  for (const r of rules) {
    for (const s of r.docs.symptoms) entries.push({ rule: r, symptom: s, factor: 1 });
    // "as CG005": a rule that shares another's symptoms ranks just below it.
    for (const other of r.docs.symptomsOf ?? []) {
      for (const s of byId.get(other)?.docs.symptoms ?? []) entries.push({ rule: r, symptom: s, factor: 0.9 });
    }
  }
  const df = new Map<string, number>();
  for (const e of entries) for (const t of new Set(tokenize(e.symptom))) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + entries.length / (df.get(t) ?? 1));
  const indexed: Array<Indexed & { factor: number }> = [];
  for (const e of entries) {
    for (const fragment of fragments(e.symptom)) {
      const tokens = [...new Set(tokenize(fragment))];
      indexed.push({ rule: e.rule, symptom: e.symptom, fragment, tokens, weight: tokens.reduce((s, t) => s + idf(t), 0), factor: e.factor });
    }
  }
  return { indexed, idf };
}

const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/["'\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Ranks rules by how much of one of their symptom fragments the pasted text contains, weighting
 * rare words more. A fragment found verbatim counts fully.
 */
export function matchSymptoms(query: string, rules: readonly AnyRule[]): SymptomMatch[] {
  const { indexed, idf } = buildIndex(rules);
  const q = new Set(tokenize(query));
  const qs = squash(query);
  const best = new Map<string, SymptomMatch>();
  for (const e of indexed) {
    if (e.tokens.length === 0) continue;
    const got = e.tokens.filter((t) => q.has(t)).reduce((s, t) => s + idf(t), 0);
    let score = (got / e.weight) * Math.min(1, e.weight / SPECIFIC);
    // Common words alone ("failed to start") do not make a match: the fragment's most
    // distinctive word must be there too.
    const rarest = e.tokens.reduce((a, b) => (idf(b) > idf(a) ? b : a));
    if (!q.has(rarest)) score = Math.min(score, THRESHOLD - 0.1);
    const phrase = qs.includes(squash(e.fragment).replace(/\bx\b/g, '').trim());
    if (phrase && e.weight >= SPECIFIC / 2) score = Math.max(score, Math.min(1, e.weight / SPECIFIC) + 0.1);
    // A short fragment ("unknown container") counts as a phrase, not as two words anywhere.
    else if (!phrase && e.tokens.length <= 3) score *= 0.8;
    // A symptom about literal quotes ("'systemd'") fits only a line that has them.
    if (e.symptom.includes(`"'`) && !query.includes(`'`)) score *= 0.7;
    score = Math.min(1, score) * e.factor;
    const prev = best.get(e.rule.id);
    if (!prev || score > prev.score) best.set(e.rule.id, { rule: e.rule.id, name: e.rule.name, score, symptom: e.symptom });
  }
  return [...best.values()]
    .filter((m) => m.score >= THRESHOLD)
    .map((m) => ({ ...m, score: Math.round(m.score * 100) / 100 }))
    .sort((a, b) => b.score - a.score || (a.rule < b.rule ? -1 : 1));
}
