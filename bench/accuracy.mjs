// How well explain reads real pasted messages: the figures issue 13 asks for, computed the same way
// by the corpus test (on the TypeScript source) and by `npm run bench:explain` (on the built CLI).

/**
 * entries: the corpus (test/corpus/explain/messages.json); results: for each entry, explain's
 * answer { matches: [{ rule, score }], candidates, outside?: { id } }. Returns, per split, the
 * share of positives ranked first, in the top three, and named by the answer (among the
 * candidates of an "ambiguous" answer, else first), and the share of negatives left quiet (no
 * match at or above 0.5, or the outside-the-catalogue answer).
 */
export function accuracy(entries, results) {
  const splits = {};
  entries.forEach((e, i) => {
    const r = results[i];
    splits[e.split] ??= { positives: 0, first: 0, top3: 0, named: 0, negatives: 0, quiet: 0, misses: [] };
    const s = splits[e.split];
    const ranked = r.matches.filter((m) => m.score >= 0.5).map((m) => m.rule);
    if (e.rule) {
      s.positives++;
      if (ranked[0] === e.rule) s.first++;
      else s.misses.push({ message: e.message, want: e.rule, got: ranked.slice(0, 3) });
      if (ranked.slice(0, 3).includes(e.rule)) s.top3++;
      // The rules the answer names: those it cannot tell apart when it says so, else the first.
      const named = r.candidates?.length > 0 ? r.candidates : ranked.slice(0, 1);
      if (named.includes(e.rule)) s.named++;
    } else {
      s.negatives++;
      if (ranked.length === 0 || r.outside) s.quiet++;
      else s.misses.push({ message: e.message, want: null, got: ranked.slice(0, 3) });
    }
  });
  for (const s of Object.values(splits)) {
    s.firstRate = s.positives ? s.first / s.positives : 1;
    s.top3Rate = s.positives ? s.top3 / s.positives : 1;
    s.namedRate = s.positives ? s.named / s.positives : 1;
    s.quietRate = s.negatives ? s.quiet / s.negatives : 1;
  }
  return splits;
}

/**
 * A line's text with what varies between reports (log headers, ids, numbers, punctuation) taken
 * out. Kept apart from explain's own normalize (src/symptoms/log-line.ts) on purpose: the ceiling
 * measures the corpus, so it must not move when explain's reading of a line changes.
 */
export function sameText(message) {
  return message
    .toLowerCase()
    .replace(/^[a-z]{3} +\d+ [\d:]+ \S+ [^:]+: /, '')
    .replace(/\b[ewif]\d{4} [\d:.]+ +\d+ [\w.-]+:\d+\] /, '')
    .replace(/[0-9a-f]{8,}(?:-[0-9a-f]{4,})*/g, 'h')
    .replace(/\d+/g, 'n')
    .replace(/[^a-z/._ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The best any reader of the text alone could do, per split: lines with the same text (sameText)
 * whose fixes were different rules cannot all be right, so each group scores at most its
 * commonest label (shared evenly on a tie). The whole corpus forms the groups.
 */
export function ceiling(entries) {
  const groups = new Map();
  for (const e of entries) {
    const k = sameText(e.message);
    const g = groups.get(k) ?? new Map();
    g.set(e.rule ?? null, (g.get(e.rule ?? null) ?? 0) + 1);
    groups.set(k, g);
  }
  const out = {};
  for (const e of entries) {
    const g = groups.get(sameText(e.message));
    const top = Math.max(...g.values());
    const best = [...g].filter(([, n]) => n === top).map(([label]) => label);
    out[e.split] ??= { positives: 0, firstRate: 0, negatives: 0, quietRate: 0 };
    const s = out[e.split];
    const right = best.includes(e.rule ?? null) ? 1 / best.length : 0;
    if (e.rule) {
      s.positives++;
      s.firstRate += right;
    } else {
      s.negatives++;
      s.quietRate += right;
    }
  }
  for (const s of Object.values(out)) {
    s.firstRate = s.positives ? s.firstRate / s.positives : 1;
    s.quietRate = s.negatives ? s.quietRate / s.negatives : 1;
  }
  return out;
}

/** The innermost error of a chain "a: b: c": its last six words of sameText. */
const innermost = (message) => sameText(message).split(' ').slice(-6).join(' ');

/**
 * Validation positives by how new their text is to the training split: the same text (sameText)
 * as a training line, the same innermost error, or neither. Templates and weights are tuned on
 * what training shows, so the unseen bucket is how well explain reads messages nobody tuned for.
 */
export function novelty(entries, results) {
  const train = entries.filter((e) => e.split === 'train');
  const texts = new Set(train.map((e) => sameText(e.message)));
  const tails = new Set(train.map((e) => innermost(e.message)));
  const out = { 'same text': { positives: 0, first: 0 }, 'same innermost error': { positives: 0, first: 0 }, unseen: { positives: 0, first: 0 } };
  entries.forEach((e, i) => {
    if (e.split !== 'validation' || !e.rule) return;
    const b = out[texts.has(sameText(e.message)) ? 'same text' : tails.has(innermost(e.message)) ? 'same innermost error' : 'unseen'];
    b.positives++;
    if (results[i].matches.find((m) => m.score >= 0.5)?.rule === e.rule) b.first++;
  });
  return out;
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** One line per split: "validation: 52 positives, first 92.3% (48), top 3 98.1% (51), named by the answer ...; 18 negatives, quiet 94.4% (17)". */
export function describe(splits) {
  return Object.entries(splits)
    .sort(([a], [b]) => (a === 'validation' ? 1 : b === 'validation' ? -1 : 0))
    .map(
      ([name, s]) =>
        `${name}: ${s.positives} positives, first ${pct(s.firstRate)} (${s.first}), top 3 ${pct(s.top3Rate)} (${s.top3}), named by the answer ${pct(s.namedRate)} (${s.named}); ${s.negatives} negatives, quiet ${pct(s.quietRate)} (${s.quiet})`,
    );
}

/** The targets of issue 13, on the validation split. */
export const TARGETS = { firstRate: 0.9, top3Rate: 0.97, quietRate: 0.9 };
