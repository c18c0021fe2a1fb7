import type { AnyRule } from '../rules/define.js';
import { explainMessage, type Explanation } from './match.js';

/** One message of a paste and the line it starts on (1-based). */
export interface PastedMessage {
  line: number;
  text: string;
}

/**
 * Where a new message starts: a journal or syslog timestamp, a klog header, a logrus `time=`, an
 * ISO time, a `kubectl describe` event row (`Warning  FailedMount  3m  kubelet  ...`), or a docker
 * CLI's `docker: Error response`.
 */
const HEADER =
  /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |\d{4}-\d\d-\d\d[T ]\d\d:\d\d|[IWEF]\d{4} \d\d:\d\d|time="|level=|\{"|\s*(?:Normal|Warning)\s{2,}\S|docker: |Error(?: response)?[: ]|\[(?:ERROR|WARNING)|error: )/;

/**
 * A paste cut into messages. Lines that start like a log line each start one, and the lines after
 * (a wrapped message, a stack) belong to it; a paste with no such line is one message a line,
 * indented lines going with the one above.
 */
export function splitPaste(text: string): PastedMessage[] {
  const lines = text.split(/\r?\n/);
  const headed = lines.some((l) => HEADER.test(l));
  const out: PastedMessage[] = [];
  lines.forEach((raw, i) => {
    const l = raw.trimEnd();
    if (l.trim() === '') return;
    const starts = headed ? HEADER.test(l) : !/^\s/.test(l);
    const prev = out[out.length - 1];
    if (starts || !prev) out.push({ line: i + 1, text: l.trim() });
    else prev.text += ` ${l.trim()}`;
  });
  return out;
}

export interface PasteLine extends PastedMessage {
  explanation: Explanation;
}

/** One cause of a paste: the rule (or outside problem) and the lines that show it. */
export interface PasteCause {
  rule?: string;
  outside?: string;
  name: string;
  score: number;
  lines: number[];
}

export interface PasteExplanation {
  lines: PasteLine[];
  causes: PasteCause[];
  /** Lines that point to no rule and no known problem. */
  unexplained: number[];
}

/** Every message of a paste explained, and the paste summarised by cause, most lines first. */
export function explainPaste(text: string | PastedMessage[], rules: readonly AnyRule[]): PasteExplanation {
  return sumUp((typeof text === 'string' ? splitPaste(text) : text).map((m) => ({ ...m, explanation: explainMessage(m.text, rules) })));
}

/**
 * A paste's lines summed up by cause. With the rules whose cause a node shows (`explain --root`),
 * a line goes to the one of its candidates the node confirms, not to the text's first guess.
 */
export function sumUp(lines: PasteLine[], found: ReadonlySet<string> = new Set()): PasteExplanation {
  const causes = new Map<string, PasteCause>();
  const unexplained: number[] = [];
  for (const l of lines) {
    const e = l.explanation;
    const confirmed = [...e.matches, ...e.weak].find((m) => found.has(m.rule));
    const top = confirmed
      ? { key: confirmed.rule, rule: confirmed.rule, name: confirmed.name, score: confirmed.score }
      : e.verdict === 'outside'
        ? { key: `outside:${e.outside!.id}`, outside: e.outside!.id, name: e.outside!.title, score: e.outside!.score }
        : e.matches[0]
          ? { key: e.matches[0].rule, rule: e.matches[0].rule, name: e.matches[0].name, score: e.matches[0].score }
          : undefined;
    if (!top) {
      unexplained.push(l.line);
      continue;
    }
    const { key, ...cause } = top;
    const c = causes.get(key) ?? { ...cause, lines: [] };
    c.score = Math.max(c.score, cause.score);
    c.lines.push(l.line);
    causes.set(key, c);
  }
  return { lines, causes: [...causes.values()].sort((a, b) => b.lines.length - a.lines.length || b.score - a.score), unexplained };
}
