import type { AnyRule } from '../rules/define.js';
import { explainMessage, needles } from './match.js';
import { clip } from '../collect/parse/diagnostic.js';
import { logMessage, messageKey } from './log-line.js';

/** One distinct log message that shows a rule's symptom, how often it occurred, and where. */
export interface LogHit {
  message: string;
  count: number;
  /** The rules the message points to, best first: one, or those the text cannot tell apart. */
  rules: string[];
  samples: Array<{ path: string; line: number; excerpt: string }>;
}

export interface LogMatches {
  files: string[];
  lines: number;
  matched: number;
  byRule: Map<string, LogHit[]>;
}

const MAX_DISTINCT = 500;
const MAX_SAMPLES = 3;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matches log lines against every rule's symptoms as they stream past. A cheap literal prefilter
 * keeps the cost per line low; only distinct matching messages (at most 500) are ranked with
 * explain's symptom matcher, and only a few samples of each are kept.
 */
export class LogMatcher {
  private readonly prefilter: RegExp;
  private readonly distinct = new Map<string, LogHit>();
  private readonly files = new Set<string>();
  private lines = 0;
  private matched = 0;

  constructor(private readonly rules: readonly AnyRule[]) {
    const alts = needles(rules)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegex);
    this.prefilter = alts.length > 0 ? new RegExp(alts.join('|'), 'i') : /(?!)/;
  }

  line(path: string, lineNo: number, raw: string): void {
    this.files.add(path);
    this.lines++;
    if (!this.prefilter.test(raw)) return;
    const message = logMessage(raw);
    if (!this.prefilter.test(message)) return;
    this.matched++;
    const key = messageKey(message);
    let hit = this.distinct.get(key);
    if (!hit) {
      if (this.distinct.size >= MAX_DISTINCT) return;
      hit = { message: clip(message, 300), count: 0, rules: [], samples: [] };
      this.distinct.set(key, hit);
    }
    hit.count++;
    if (hit.samples.length < MAX_SAMPLES) hit.samples.push({ path, line: lineNo, excerpt: clip(message, 200) });
  }

  result(): LogMatches {
    const byRule = new Map<string, LogHit[]>();
    for (const hit of this.distinct.values()) {
      const e = explainMessage(hit.message, this.rules);
      // A known problem outside the catalogue, or a line that only shares words: no rule's symptom.
      if (e.verdict === 'outside' || e.matches.length === 0) continue;
      hit.rules = e.verdict === 'ambiguous' ? e.candidates : [e.matches[0]!.rule];
      byRule.set(hit.rules[0]!, [...(byRule.get(hit.rules[0]!) ?? []), hit]);
    }
    for (const hits of byRule.values()) hits.sort((a, b) => b.count - a.count);
    return { files: [...this.files], lines: this.lines, matched: this.matched, byRule };
  }
}
