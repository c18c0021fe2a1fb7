import type { AnyRule } from '../rules/define.js';

/**
 * `cgdoctor rules`: one line per rule, in aligned columns that grep and cut can use. (A boxed
 * table with word wrap cost ~30 ms to lay out for 31 rows, a third of the command.)
 */
export function renderRuleList(rules: readonly AnyRule[], width: number): string {
  const nameW = Math.max(...rules.map((r) => r.name.length));
  const head = `${'ID'.padEnd(6)} ${'NAME'.padEnd(nameW)} ${'SEVERITY'.padEnd(8)} TITLE`;
  const room = Math.max(20, width - (6 + 1 + nameW + 1 + 8 + 1));
  const lines = rules.map((r) => {
    const title = r.docs.title.length > room ? `${r.docs.title.slice(0, room - 1)}…` : r.docs.title;
    return `${r.id.padEnd(6)} ${r.name.padEnd(nameW)} ${r.severity.padEnd(8)} ${title}`;
  });
  return `${[head, ...lines].join('\n')}\n`;
}
