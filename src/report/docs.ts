import type { Style as ChalkInstance } from './style.js';
import type { AnyRule } from '../rules/define.js';
import type { SymptomMatch } from '../symptoms/match.js';
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

export function renderMatches(query: string, matches: SymptomMatch[], rules: readonly AnyRule[], style: ChalkInstance, width: number): string {
  // The query is echoed short: a pasted 60 KB message need not come back whole.
  const shown = query.length > 120 ? `${Array.from(query).slice(0, 119).join('')}…` : query;
  if (matches.length === 0) return `No rule's symptoms match "${shown}". Try a shorter, distinctive part of the message, or \`cgdoctor rules\`.\n`;
  const lines = [style.bold('Rules whose symptoms match, best first:')];
  for (const m of matches) lines.push(`  ${m.rule} ${m.name.padEnd(32)} ${m.score.toFixed(2)}  ${style.dim(m.symptom)}`);
  const best = rules.find((r) => r.id === matches[0]!.rule)!;
  return `${lines.join('\n')}\n\n${renderRuleDocs(best, style, width)}`;
}
