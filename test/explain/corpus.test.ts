import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { explainMessage } from '../../src/symptoms/match.js';
import { accuracy, ceiling, describe as figures, novelty } from '../../bench/accuracy.mjs';
import { ROOT } from '../helpers.js';

interface Entry {
  message: string;
  url: string;
  rule: string | null;
  outside?: string;
  resolution: string;
  split: 'train' | 'validation';
}

const { messages } = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'corpus', 'explain', 'messages.json'), 'utf8')) as { messages: Entry[] };
const results = messages.map((m) => explainMessage(m.message, RULES));
const splits = accuracy(messages, results);

/**
 * The floors are this version's figures, rounded down: a change that makes explain read real
 * messages worse fails here. Issue 13's targets (90% first, 97% top three, 90% of negatives quiet,
 * on the validation split) are printed beside them by `npm run bench:explain`.
 */
const FLOORS = {
  // Ten messages of a runtime too old for cgroup v2 were outside the catalogue (negatives, quiet when
  // explain said so, which raised the quiet rates) until CG032 checked it: now positives, six of them named first (two Docker
  // cpuset.cpus.effective reports read as CG015, which they also are).
  train: { firstRate: 0.8, top3Rate: 0.86, quietRate: 0.89 },
  // One validation positive and one negative fewer than before the kubelet-in-container reading and
  // the messages read from the programs' sources: kept, as the training reports support them.
  validation: { firstRate: 0.73, top3Rate: 0.82, quietRate: 0.83 },
};

describe('explain on real pasted messages (test/corpus/explain)', () => {
  it('the corpus: at least 150 messages from public pages, 40 of them outside the catalogue, every label a rule or an outside problem', () => {
    expect(messages.length).toBeGreaterThanOrEqual(150);
    expect(messages.filter((m) => m.rule === null).length).toBeGreaterThanOrEqual(40);
    const ids = new Set(RULES.map((r) => r.id));
    for (const m of messages) {
      expect(m.url, m.message).toMatch(/^https?:\/\//);
      expect(m.rule === null || ids.has(m.rule), `${m.rule}: ${m.url}`).toBe(true);
      expect(['train', 'validation']).toContain(m.split);
    }
    expect(new Set(messages.map((m) => `${m.url}\n${m.message}`)).size).toBe(messages.length);
  });

  it('sorts every validation positive into one novelty bucket, and prints them', () => {
    const n = novelty(
      messages,
      messages.map((m) => explainMessage(m.message, RULES)),
    );
    console.log(JSON.stringify(n));
    expect(Object.values(n).reduce((s, b) => s + b.positives, 0)).toBe(splits.validation!.positives);
  });

  it.each(Object.entries(FLOORS))('%s: the right rule first, in the top three, and negatives quiet, at or above the floors', (name, floor) => {
    const s = splits[name]!;
    console.log(figures({ [name]: s })[0]);
    expect(s.firstRate).toBeGreaterThanOrEqual(floor.firstRate);
    expect(s.top3Rate).toBeGreaterThanOrEqual(floor.top3Rate);
    expect(s.quietRate).toBeGreaterThanOrEqual(floor.quietRate);
  });

  it('validation positives by how new they are to training: the same text, the same innermost error, or unseen', () => {
    const hit = { matches: [{ rule: 'CG020', score: 0.9 }] };
    const miss = { matches: [] };
    const n = novelty(
      [
        { message: 'E0101 00:00:01.000000 1 x.go:1] mkdir /sys/fs/cgroup/memory/a: no space left on device', rule: 'CG020', split: 'train' },
        { message: 'E0202 00:00:02.000000 2 x.go:1] mkdir /sys/fs/cgroup/memory/a: no space left on device', rule: 'CG020', split: 'validation' },
        { message: 'unable to ensure pod container exists: mkdir /sys/fs/cgroup/memory/a: no space left on device', rule: 'CG020', split: 'validation' },
        { message: 'something nobody printed before', rule: 'CG020', split: 'validation' },
        { message: 'an outside line', rule: null, split: 'validation' },
      ],
      [hit, hit, miss, miss, miss],
    );
    expect(n).toEqual({ 'same text': { positives: 1, first: 1 }, 'same innermost error': { positives: 1, first: 0 }, unseen: { positives: 1, first: 0 } });
  });

  it('the text-only ceiling: the same text fixed by two rules can be right only half the time', () => {
    const line = 'E0101 00:00:01.000000    1234 kubelet.go:1] mountpoint for cpu not found';
    const c = ceiling([
      { message: line, rule: 'CG014', split: 'validation' },
      { message: line.replace('1234', '99'), rule: null, split: 'validation' },
      { message: 'unknown container "/system.slice"', rule: 'CG005', split: 'validation' },
    ]);
    expect(c.validation).toEqual({ positives: 2, firstRate: 0.75, negatives: 1, quietRate: 0.5 });
  });
});
