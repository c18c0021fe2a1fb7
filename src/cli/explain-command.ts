import { RULES, findRule } from '../rules/index.js';
import { matchSymptoms, nearestRules } from '../explain.js';
import { renderMatches, renderRuleDocs, ruleDocsObject } from '../report/docs.js';
import { makeStyle } from '../report/style.js';
import { CliError, EXIT } from './errors.js';
import { terminalWidth, writeOutput } from './output.js';

export interface ExplainOptions {
  format: 'table' | 'json';
  output?: string;
  color?: boolean;
}

/** `explain CG009`, `explain cgroup-driver-mismatch`, or `explain "<pasted log line>"`. */
export function runExplain(words: string[], o: ExplainOptions): number {
  const query = words.join(' ').trim();
  if (query === '') throw new CliError('explain needs a rule id, a rule name or a pasted message');
  const toFile = o.output !== undefined;
  const style = makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !toFile && !!process.stdout.isTTY });
  const width = terminalWidth(toFile);
  const rule = findRule(query);
  if (rule) {
    writeOutput(o.format === 'json' ? `${JSON.stringify(ruleDocsObject(rule), null, 2)}\n` : renderRuleDocs(rule, style, width), o.output);
    return EXIT.ok;
  }
  const matches = matchSymptoms(query, RULES);
  // One word that is no rule and matches no symptom is a mistyped rule reference.
  if (!/\s/.test(query) && matches.length === 0) {
    const near = nearestRules(query, RULES).map((r) => `${r.id} (${r.name})`);
    throw new CliError(`unknown rule "${query}"; nearest: ${near.join(', ')}. Run \`cgdoctor rules\` for the list`);
  }
  const text =
    o.format === 'json'
      ? `${JSON.stringify({ query, matches: matches.map(({ rule, name, score }) => ({ rule, name, score })) }, null, 2)}\n`
      : renderMatches(query, matches, RULES, style, width);
  writeOutput(text, o.output);
  return matches.length > 0 ? EXIT.ok : EXIT.findings;
}
