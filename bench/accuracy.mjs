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
