import { EXIT } from './errors.js';
import { RULES } from '../rules/index.js';
import { renderRuleList } from '../report/rule-list.js';
import { safeCopy, safeJson } from '../report/safe-text.js';
import { terminalWidth, writeOutput } from './output.js';

export async function runRules(o: { format: 'table' | 'json'; output?: string }): Promise<number> {
  const text =
    o.format === 'json'
      ? safeJson(RULES.map((r) => ({ id: r.id, name: r.name, severity: r.severity, title: r.docs.title })))
      : renderRuleList(safeCopy(RULES), terminalWidth(o.output !== undefined));
  await writeOutput(text, o.output);
  return EXIT.ok;
}
