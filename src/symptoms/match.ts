import type { AnyRule } from '../rules/define.js';
import { MESSAGES, WORDS_OF } from './messages.js';
import { OUTSIDE, type OutsideProblem } from './outside.js';
import { facets, SLOT_WEIGHT, type SlotName, type Slots } from './slots.js';
import { captures, compile, genericFactor, normalize, plain, tokenize, type Cause, type CompiledTemplate, type MessageTemplate, type Tool } from './template.js';

export interface SymptomMatch {
  rule: string;
  name: string;
  score: number;
  /** The message that matched best, as its program prints it. */
  symptom: string;
  tool: Tool;
  source: string;
  /** Slot values that chose this rule over others sharing the message. */
  decidedBy?: Partial<Record<SlotName, string>>;
}

export interface OutsideMatch {
  id: string;
  title: string;
  advice: string;
  score: number;
  symptom: string;
  source: string;
}

export type Verdict = 'match' | 'ambiguous' | 'outside' | 'none';

export interface Explanation {
  /** The message as matched: log headers cut, errnos named. */
  message: string;
  verdict: Verdict;
  /** Rules at or above the threshold, best first. */
  matches: SymptomMatch[];
  /** Rules the message points to less surely: not an answer, but worth checking on the node. */
  weak: SymptomMatch[];
  /** When the text cannot decide: the rules it leaves open, best first. */
  candidates: string[];
  outside?: OutsideMatch;
  /** A problem outside the catalogue that prints this message as surely as the rules do. */
  alsoOutside?: OutsideMatch;
  slots: Slots;
}

/** At and above this a match is shown; below it the message does not point to the rule. */
const THRESHOLD = 0.5;
/** Evidence (idf weight) at which a score reaches 1 - 1/e: one fully matched specific message. */
const K = 4;
/** A template less than this much present (by weight, and by count of words) gives no evidence. */
const MIN_COVER = 0.75;
const MIN_WORDS = 0.75;
/** Templates of fewer words than this match only whole. */
const MIN_PARTIAL_WORDS = 4;
/** Below this total weight a template is generic words only. */
const MIN_SPECIFIC = 2.5;
/** A runner-up scoring at least this much of the best one is a rule the text cannot rule out. */
const AMBIGUOUS = 0.7;
/** Evidence this close (as a share of the larger) leaves both a rule and an outside problem open. */
const CLOSE = 0.95;
/** The evidence of a rule's words found in a line that holds none of its programs' messages. */
const WORDS = 3;
/** Below this a rule is not worth running on the node either. */
const WEAK = 0.15;
/** What each slot condition that holds adds: a cause it decides is more specific than one with none. */
const DECIDED = 2;

interface Index {
  templates: CompiledTemplate[];
  weight: (token: string) => number;
  rules: Map<string, AnyRule>;
  outside: Map<string, OutsideProblem>;
}

/** A rule's catalogue symptoms are templates too: `X` and `...` stand for what varies. */
function symptomTemplates(rules: readonly AnyRule[]): MessageTemplate[] {
  const out: MessageTemplate[] = [];
  for (const r of rules) {
    const own = r.docs.symptoms.map((s) => ({ s, causes: [{ rule: r.id }] as Cause[] }));
    for (const s of own) {
      // "as CG005": the rules that share this rule's symptoms rank just below it.
      const sharers = rules.filter((o) => o.docs.symptomsOf?.includes(r.id)).map((o) => ({ rule: o.id, weight: 0.9 }));
      s.causes.push(...sharers);
    }
    for (const { s, causes } of own) {
      // A symptom quoting a driver value with quotes inside ("'systemd'") is CG030's alone: it
      // needs the quotes in the line too.
      if (/"'\w+'"/.test(s)) for (const c of causes) c.when = { driver: /'/ };
      // "a; b (kubernetes#95488)": two symptoms and a reference, not one message.
      for (const part of s.replace(/\s*\([^)]*#\d+\)/g, '').split(/;\s+/)) {
        out.push({
          tool: 'catalogue',
          text: part
            .replace(/"X"|\bX\b/g, '"{any}"')
            .replace(/\s*(?:\.\.\.|…)\s*/g, ' {any} ')
            .trim(),
          source: `rules.md ${r.id}`,
          causes,
        });
      }
    }
  }
  return out;
}

const cache = new WeakMap<readonly AnyRule[], Index>();

function index(rules: readonly AnyRule[]): Index {
  const hit = cache.get(rules);
  if (hit) return hit;
  const ids = new Set(rules.map((r) => r.id));
  const all = [...MESSAGES, ...WORDS_OF, ...OUTSIDE.flatMap((o) => o.templates.map((t): MessageTemplate => ({ ...t, causes: [{ outside: o.id }] })))]
    .map((t) => ({ ...t, causes: t.causes.filter((c) => c.outside !== undefined || ids.has(c.rule!)) }))
    .filter((t) => t.causes.length > 0);
  const templates = [...all, ...symptomTemplates(rules)].map(compile);
  const df = new Map<string, number>();
  for (const t of templates) for (const tok of new Set(t.tokens)) df.set(tok, (df.get(tok) ?? 0) + 1);
  const n = templates.length;
  const weights = new Map<string, number>();
  for (const [tok, d] of df) weights.set(tok, Math.log(1 + n / d) * genericFactor(tok));
  for (const t of templates) t.rarest = [...new Set(t.tokens)].sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0)).slice(0, 2);
  const built: Index = {
    templates,
    weight: (tok) => weights.get(tok) ?? 0,
    rules: new Map(rules.map((r) => [r.id, r])),
    outside: new Map(OUTSIDE.map((o) => [o.id, o])),
  };
  cache.set(rules, built);
  return built;
}

/** The largest weight of the template's words found in the line in the template's order. */
function orderedWeight(tokens: string[], line: string[], weight: (t: string) => number): number {
  let prev = new Float64Array(line.length + 1);
  let cur = new Float64Array(line.length + 1);
  for (const t of tokens) {
    const w = weight(t);
    for (let j = 1; j <= line.length; j++) cur[j] = Math.max(prev[j]!, cur[j - 1]!, line[j - 1] === t ? prev[j - 1]! + w : 0);
    [prev, cur] = [cur, prev];
  }
  return prev[line.length]!;
}

function holds(c: Cause, slots: Slots): boolean {
  const test = (cond: Partial<Record<SlotName, RegExp>> | undefined, want: boolean) =>
    Object.entries(cond ?? {}).every(([k, re]) => (slots[k as SlotName] ?? []).some((v) => re.test(v)) === want);
  return test(c.when, true) && test(c.unless, false);
}

interface Evidence {
  total: number;
  /** The part of the total from catalogue paraphrases. */
  catalogue: number;
  best: number;
  /** The template shown with the match, and its evidence. */
  template: CompiledTemplate;
  shown?: number;
  decidedBy?: Partial<Record<SlotName, string>>;
}

const isCatalogue = (c: CompiledTemplate) => c.template.tool === 'catalogue' || c.template.tool === 'words';
function shownBefore(c: CompiledTemplate, e: number, prev: Evidence): boolean {
  if (isCatalogue(c) !== isCatalogue(prev.template)) return isCatalogue(prev.template);
  return e > (prev.shown ?? prev.best);
}

const calibrate = (e: number, rival: number) => (1 - Math.exp(-e / K)) * (e / (e + rival));

interface Line {
  message: string;
  plain: string;
  words: string[];
  present: Set<string>;
  seen: Slots;
}

/**
 * How much of a template the line holds, as evidence (its rare words' weight, and its slots'), or
 * undefined when it holds too little to count. Also the values its slots caught.
 */
function templateEvidence(c: CompiledTemplate, line: Line, weight: (t: string) => number): { evidence: number; caught?: Slots } | undefined {
  // How users describe a failure in their own words (an issue title): all the words, any order,
  // is some evidence, never as much as a program's own message.
  if (c.template.tool === 'words') return c.tokens.every((t) => line.present.has(t)) ? { evidence: WORDS } : undefined;
  const literal = c.tokens.reduce((s, t) => s + weight(t), 0);
  const caught = captures(c, line.message, line.plain);
  if (caught) {
    // The whole message is there: its rare words, and the typed values its slots caught.
    const evidence = literal + Object.entries(caught).reduce((s, [k, v]) => s + (v!.length > 0 ? SLOT_WEIGHT[k as SlotName] : 0), 0);
    // Generic words and free text alone, with no condition to decide on, say nothing.
    if (evidence < MIN_SPECIFIC && !c.template.causes.some((x) => x.when)) return undefined;
    return { evidence, caught };
  }
  // Part of it: only a template specific in its words alone and long enough not to be a phrase,
  // most of its words there, in order, the rarest among them.
  if (literal < MIN_SPECIFIC || c.tokens.length < MIN_PARTIAL_WORDS) return undefined;
  // An errno the template names and the line contradicts is another failure.
  if (line.seen.errno && c.errnos.some((e) => !line.seen.errno!.includes(e))) return undefined;
  const have = c.tokens.filter((t) => line.present.has(t));
  if (have.length / c.tokens.length < MIN_WORDS || !c.rarest.slice(0, c.tokens.length <= 4 ? 1 : 2).some((t) => line.present.has(t))) return undefined;
  const cover = orderedWeight(c.tokens, line.words, weight) / literal;
  if (cover < MIN_COVER) return undefined;
  return { evidence: cover * cover * literal };
}

/** Every template's evidence, credited to the causes whose slot conditions hold. */
function gatherEvidence(idx: Index, line: Line): { forRule: Map<string, Evidence>; forOutside: Map<string, Evidence> } {
  const forRule = new Map<string, Evidence>();
  const forOutside = new Map<string, Evidence>();
  const readings = idx.templates.map((c) => ({ c, found: templateEvidence(c, line, idx.weight) }));
  // The words a whole program message explains: a template present only in part, with no word of
  // the line beyond them, is that message's sibling ("CPU manager" for "memory manager"), not a second reading.
  const explained = readings.filter((r) => r.found?.caught && !isCatalogue(r.c)).map((r) => new Set(r.c.tokens));
  const explainedAway = (c: CompiledTemplate) => {
    const mine = c.tokens.filter((t) => line.present.has(t));
    return explained.some((words) => mine.every((t) => words.has(t)));
  };
  for (const { c, found } of readings) {
    if (!found || (!found.caught && explainedAway(c))) continue;
    // A condition on free text reads what the template's {any} caught, or the whole line where it
    // has none or matched only in part.
    const slots: Slots = { ...line.seen, ...(found.caught?.any ? {} : { any: [line.message] }), ...found.caught };
    const credited = new Set<string>();
    for (const cause of c.template.causes) {
      if (!holds(cause, slots)) continue;
      const key = cause.rule ?? cause.outside!;
      if (credited.has(key)) continue;
      credited.add(key);
      const decided = cause.when !== undefined;
      const raw = found.evidence + (decided ? DECIDED * Object.keys(cause.when!).length : 0);
      if (raw < MIN_SPECIFIC) continue;
      const e = raw * (cause.weight ?? 1);
      const into = cause.rule ? forRule : forOutside;
      const prev = into.get(key);
      // A slot caught after a literal prefix (`/sys/fs/cgroup/{path}`) is shown whole, as in the line.
      const whole = (k: SlotName, v: string) => line.seen[k]?.find((f) => f.endsWith(v)) ?? v;
      const decidedBy = decided ? Object.fromEntries(Object.keys(cause.when!).map((k) => [k, whole(k as SlotName, (slots[k as SlotName] ?? [])[0]!)])) : undefined;
      const cat = isCatalogue(c) ? e : 0;
      if (!prev) into.set(key, { total: e, catalogue: cat, best: e, template: c, ...(decidedBy ? { decidedBy } : {}) });
      else {
        prev.total += e;
        prev.catalogue += cat;
        prev.best = Math.max(prev.best, e);
        if (decidedBy) prev.decidedBy = { ...prev.decidedBy, ...decidedBy };
        // The message shown is what a program prints, before a catalogue paraphrase of it.
        if (shownBefore(c, e, prev)) Object.assign(prev, { template: c, shown: e });
      }
    }
  }
  // A catalogue paraphrase restates a program's message: a rule is credited with the stronger of
  // the two readings of a line, not with both.
  for (const e of forRule.values()) e.total = Math.max(e.total - e.catalogue, e.catalogue);
  return { forRule, forOutside };
}

const shown = (t: MessageTemplate) =>
  t.text
    .replace(/"\{any\}"/g, '"…"')
    .replace(/\s*\{any\}\s*/g, ' … ')
    .trim();
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Reads one pasted message the way someone who knows the programs would: which real message it is
 * (anchored on the template's literal words, weighted by how rare they are), and which cause the
 * values in it point to.
 */
export function explainMessage(query: string, rules: readonly AnyRule[]): Explanation {
  const idx = index(rules);
  const message = normalize(query);
  const words = tokenize(message);
  const line: Line = { message, plain: plain(message), words, present: new Set(words), seen: facets(message) };
  const { forRule, forOutside } = gatherEvidence(idx, line);
  const topOf = (m: Map<string, Evidence>) => Math.max(0, ...[...m.values()].map((e) => e.total));
  const outsideTop = topOf(forOutside);
  const ruleTop = topOf(forRule);
  // A rule's message that a known problem outside the catalogue prints alike (runc's "systemd
  // cgroup flag passed" is CG010, or a runc built without systemd): both stay open.
  const close = outsideTop > 0 && ruleTop > 0 && Math.min(outsideTop, ruleTop) >= CLOSE * Math.max(outsideTop, ruleTop);
  const rival = close ? 0 : outsideTop;
  const ranked = [...forRule.entries()]
    .map(([id, e]) => ({
      rule: id,
      name: idx.rules.get(id)!.name,
      // How surely the line is this failure, times this cause's share against the best one.
      score: calibrate(ruleTop, rival) * Math.sqrt(e.total / ruleTop),
      symptom: shown(e.template.template),
      tool: e.template.template.tool,
      source: e.template.template.source,
      ...(e.decidedBy ? { decidedBy: e.decidedBy } : {}),
      specific: e.best,
    }))
    // Ties go to the more specific evidence: the template with more rare words, or a slot that decided.
    .sort((a, b) => b.score - a.score || b.specific - a.specific)
    .map(({ specific: _, score, ...m }) => ({ ...m, score: round(score) }));
  const matches: SymptomMatch[] = ranked.filter((m) => m.score >= THRESHOLD);
  const weak = ranked.filter((m) => m.score < THRESHOLD && m.score >= WEAK);
  const [bestOutside] = [...forOutside.entries()].sort((a, b) => b[1].total - a[1].total);
  const outsideMatch = (score: number): OutsideMatch => {
    const o = idx.outside.get(bestOutside![0])!;
    const t = bestOutside![1].template.template;
    return { id: o.id, title: o.title, advice: o.advice, score: round(score), symptom: t.text, source: t.source };
  };
  let outside: OutsideMatch | undefined;
  let alsoOutside: OutsideMatch | undefined;
  if (bestOutside && close) alsoOutside = outsideMatch(calibrate(bestOutside[1].total, 0));
  else if (bestOutside && bestOutside[1].total > ruleTop) {
    const score = calibrate(bestOutside[1].total, ruleTop);
    if (score >= THRESHOLD) outside = outsideMatch(score);
  }
  const top = matches[0];
  const candidates = top ? matches.filter((m) => m.score >= top.score * AMBIGUOUS).map((m) => m.rule) : [];
  const verdict: Verdict = outside ? 'outside' : !top ? 'none' : candidates.length > 1 || alsoOutside ? 'ambiguous' : 'match';
  return {
    message,
    verdict,
    matches,
    weak,
    candidates: verdict === 'ambiguous' ? candidates : [],
    ...(outside ? { outside } : {}),
    ...(alsoOutside && top ? { alsoOutside } : {}),
    slots: line.seen,
  };
}

/** The literal pieces of the catalogue's messages a log line must contain one of to be worth ranking. */
export function needles(rules: readonly AnyRule[]): string[] {
  const out = new Set<string>();
  for (const c of index(rules).templates) {
    if (!c.template.causes.some((x) => x.rule)) continue;
    for (const piece of c.template.text.split(/\{\w+\}|"|'|\(|\)|;/)) {
      const p = piece
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^[:,]\s*|[:,]$/g, '')
        .toLowerCase();
      if (p.length >= 14 && p.includes(' ')) out.add(p);
    }
  }
  return [...out];
}
