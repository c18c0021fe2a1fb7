import { RULES } from '../rules/index.js';
import { renderRuleList } from '../report/rule-list.js';
import { safeCopy, safeJson } from '../report/safe-text.js';
import { terminalWidth, writeOutput } from './output.js';

export function runRules(o: { format: 'table' | 'json'; output?: string }): number {
  const text =
    o.format === 'json'
      ? safeJson(RULES.map((r) => ({ id: r.id, name: r.name, severity: r.severity, title: r.docs.title })))
      : renderRuleList(safeCopy(RULES), terminalWidth(o.output !== undefined));
  writeOutput(text, o.output);
  return 0;
}
