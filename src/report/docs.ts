import type { Style as ChalkInstance } from './style.js';
import type { AnyRule } from '../rules/define.js';
import type { Explanation } from '../symptoms/match.js';
import type { PasteExplanation } from '../symptoms/paste.js';
import type { Finding, Skipped } from '../engine.js';
import { wrap } from './wrap.js';

/** A rule's metadata and docs as one object (explain --format json). */
export function ruleDocsObject(r: AnyRule) {
  return { id: r.id, name: r.name, severity: r.severity, ...r.docs, symptomsOf: r.docs.symptomsOf ?? [] };
}

export function renderRuleDocs(r: AnyRule, style: ChalkInstance, width: number): string {
  const section = (title: string, body: string) => `${style.bold(title)}\n${wrap(body, width, '  ')}`;
  const list = (title: string, items: string[]) => `${style.bold(title)}\n${items.map((i) => wrap(`- ${i}`, width, '  ')).join('\n')}`;
  const parts = [`${style.bold(`${r.id} ${r.name}`)} (${r.severity})\n${r.docs.title}`, section('What it checks', r.docs.checks), section('Why it matters', r.docs.why)];
  const symptoms = [...r.docs.symptoms, ...(r.docs.symptomsOf ?? []).map((id) => `the symptoms of ${id}`)];
  if (symptoms.length > 0) parts.push(list('Symptoms', symptoms));
  parts.push(section('Fix', r.docs.fix));
  if (r.docs.refs.length > 0) parts.push(list('References', r.docs.refs));
  return `${parts.join('\n\n')}\n`;
}

/** What the candidate rules found when run on the node named with `explain --root` or `--from`. */
export interface NodeCheck {
  root: string;
  findings: Finding[];
  skipped: Skipped[];
}

/** The query echoed short: a pasted 60 KB message need not come back whole. */
const short = (s: string, n = 120) =>
  s.length > n
    ? `${Array.from(s)
        .slice(0, n - 1)
        .join('')}…`
    : s;

function nodeLine(node: NodeCheck, rule: string, style: ChalkInstance, width: number): string {
  const found = node.findings.filter((f) => f.rule === rule);
  if (found.length > 0) {
    return found
      .map((f) => {
        const ev = f.evidence[0];
        const where = ev ? ` (${ev.path}${ev.line !== null ? `:${ev.line}` : ''}${ev.excerpt ? `: ${short(ev.excerpt, 60)}` : ''})` : '';
        return wrap(`${style.bold('found on the node')}: ${f.subject}: ${f.message}${where}`, width, '        ');
      })
      .join('\n');
  }
  const skipped = node.skipped.find((s) => s.rule === rule);
  return `        ${style.dim(skipped ? `could not check on the node: ${skipped.reason}` : 'not found on the node')}`;
}

const readValues = (e: Explanation) =>
  Object.entries(e.slots)
    .filter(([k]) => k !== 'any')
    .map(([k, v]) => `${k} ${v!.slice(0, 3).join(', ')}`)
    .join('; ');

/** A pasted message explained: the rules best first, what decided, what stays open, then the best rule's docs. */
export function renderExplanation(query: string, e: Explanation, rules: readonly AnyRule[], style: ChalkInstance, width: number, node?: NodeCheck): string {
  const out: string[] = [];
  if (e.outside) {
    // A rule the text points to less surely stays named: the node can still show its cause.
    const lessLikely = e.weak.slice(0, 3).map((m) => `${m.rule} ${m.name}`);
    const rest = lessLikely.length
      ? `Less likely, a cgroup rule: ${lessLikely.join(', ')}; ${node ? 'the node does not show its cause' : 'run `cgdoctor scan` on the node to rule it out'}.`
      : 'No cgroup rule explains it.';
    out.push(wrap(`${style.bold(`This looks like ${e.outside.title}`)} (${e.outside.score.toFixed(2)}): ${e.outside.advice} ${rest}`, width, ''));
    out.push(`  ${style.dim(`matches: ${short(e.outside.symptom, 100)} (${e.outside.source})`)}`);
  }
  if (e.matches.length === 0) {
    if (!e.outside) out.push(`No rule's symptoms match "${short(query)}". Try a shorter, distinctive part of the message, or \`cgdoctor rules\`.`);
    return `${out.join('\n')}\n`;
  }
  if (e.outside) out.push('', style.bold('Rules that share some of its words:'));
  else out.push(style.bold('Rules whose symptoms match, best first:'));
  for (const m of e.matches) {
    const why = m.decidedBy
      ? ` [${Object.entries(m.decidedBy)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}]`
      : '';
    out.push(`  ${m.rule} ${m.name.padEnd(32)} ${m.score.toFixed(2)}  ${style.dim(`${m.tool}: ${short(m.symptom, 90)}${why}`)}`);
    if (node) out.push(nodeLine(node, m.rule, style, width));
  }
  const values = readValues(e);
  if (values) out.push('', wrap(`Read from the message: ${values}`, width, ''));
  if (e.verdict === 'ambiguous') {
    const tell = node
      ? node.findings.some((f) => e.candidates.includes(f.rule))
        ? 'the node tells: see "found on the node" above'
        : 'none of them shows its cause on this node'
      : 'run `cgdoctor scan` on the node to tell';
    const open = [...e.candidates, ...(e.alsoOutside ? [e.alsoOutside.title] : [])];
    out.push('', wrap(`The text alone cannot decide: ${open.length > 1 ? `one of ${open.join(', ')}` : open[0]}; ${tell}.`, width, ''));
    if (e.alsoOutside) out.push(wrap(`If it is ${e.alsoOutside.title}: ${e.alsoOutside.advice}`, width, ''));
  }
  if (e.outside) return `${out.join('\n')}\n`;
  const best = rules.find((r) => r.id === e.matches[0]!.rule)!;
  return `${out.join('\n')}\n\n${renderRuleDocs(best, style, width)}`;
}

/** Line numbers as ranges: 1-3, 7, 9-12. */
export function lineRanges(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(j > i ? `${lines[i]}-${lines[j]}` : String(lines[i]));
    i = j;
  }
  return out.join(', ');
}

/** A paste longer than this lists its first messages only; the summary by cause covers them all. */
const LISTED = 100;

/** A multi-line paste: one line per message, then the causes with the lines that show them. */
export function renderPaste(p: PasteExplanation, rules: readonly AnyRule[], style: ChalkInstance, width: number, node?: NodeCheck): string {
  const out = [style.bold(`${p.lines.length} messages:`)];
  for (const l of p.lines.slice(0, LISTED)) {
    const e = l.explanation;
    const what = e.outside
      ? `outside the catalogue: ${e.outside.title}`
      : e.verdict === 'ambiguous'
        ? `one of ${[...e.candidates, ...(e.alsoOutside ? [e.alsoOutside.id] : [])].join(', ')}`
        : e.matches[0]
          ? `${e.matches[0].rule} ${e.matches[0].name} ${e.matches[0].score.toFixed(2)}`
          : 'no rule';
    out.push(`  line ${String(l.line).padStart(3)}  ${what.padEnd(44)} ${style.dim(short(l.text, 70))}`);
  }
  if (p.lines.length > LISTED) out.push(`  ... and ${p.lines.length - LISTED} more (--format json lists them all)`);
  out.push('', style.bold('By cause:'));
  for (const c of p.causes) {
    const lines = `line${c.lines.length === 1 ? '' : 's'} ${lineRanges(c.lines)}`;
    if (c.rule) {
      const r = rules.find((x) => x.id === c.rule)!;
      out.push(`  ${c.rule} ${c.name} (${r.severity}): ${lines}`, wrap(`fix: ${r.docs.fix}`, width, '      '));
      if (node) out.push(nodeLine(node, c.rule, style, width));
    } else out.push(`  ${c.name} (no cgroup rule): ${lines}`);
  }
  if (p.unexplained.length > 0) out.push(`  no rule: line${p.unexplained.length === 1 ? '' : 's'} ${lineRanges(p.unexplained)}`);
  return `${out.join('\n')}\n`;
}
