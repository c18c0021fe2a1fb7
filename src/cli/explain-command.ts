import { RULES, findRule, nearestRules } from '../rules/index.js';
import { matchSymptoms } from '../symptoms/match.js';
import { renderMatches, renderRuleDocs, ruleDocsObject } from '../report/docs.js';
import { makeStyle } from '../report/style.js';
import { safeCopy, safeJson, safeText } from '../report/safe-text.js';
import { CliError, EXIT } from './errors.js';
import { terminalWidth, writeOutput } from './output.js';

export interface ExplainOptions {
  format: 'table' | 'json';
  output?: string;
  color?: boolean;
}

/** A pasted message longer than this is not a log line but a log: `scan --logs` reads those. */
const MAX_QUERY_BYTES = 64 * 1024;

const tooLong = (size: string) =>
  new CliError(`explain: the message is ${size} bytes; explain reads at most ${MAX_QUERY_BYTES} (paste its distinctive part, or give the log to \`scan --logs\`)`);

/** Standard input, up to the limit: a 1 GB pipe is refused after 64 KiB, not read to its end. */
async function readQuery(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_QUERY_BYTES) {
      process.stdin.destroy();
      throw tooLong(`over ${MAX_QUERY_BYTES}`);
    }
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** `explain CG009`, `explain cgroup-driver-mismatch`, `explain "<pasted log line>"`, or `explain -` to read it from stdin. */
export async function runExplain(words: string[], o: ExplainOptions): Promise<number> {
  const fromStdin = words.length === 1 && words[0] === '-';
  const raw = fromStdin ? await readQuery() : words.join(' ');
  const bytes = Buffer.byteLength(raw);
  if (bytes > MAX_QUERY_BYTES) throw tooLong(String(bytes));
  // A message pasted over several lines is one message.
  const query = raw.replace(/\s*\n\s*/g, ' ').trim();
  if (query === '') throw new CliError(fromStdin ? 'explain -: standard input is empty' : 'explain needs a rule id, a rule name or a pasted message');
  const toFile = o.output !== undefined;
  const style = makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !!process.stdout.isTTY, toFile });
  const width = terminalWidth(toFile);
  const rule = findRule(query);
  if (rule) {
    await writeOutput(o.format === 'json' ? safeJson(ruleDocsObject(rule)) : renderRuleDocs(safeCopy(rule), style, width), o.output);
    return EXIT.ok;
  }
  const matches = matchSymptoms(query, RULES);
  // One word that is no rule and matches no symptom is a mistyped rule reference.
  if (!/\s/.test(query) && matches.length === 0) {
    const near = nearestRules(query, RULES).map((r) => `${r.id} (${r.name})`);
    throw new CliError(`unknown rule "${query.length > 60 ? `${query.slice(0, 59)}…` : query}"; nearest: ${near.join(', ')}. Run \`cgdoctor rules\` for the list`);
  }
  const text =
    o.format === 'json'
      ? safeJson({ query, matches: matches.map(({ rule, name, score }) => ({ rule, name, score })) })
      : renderMatches(safeText(query), safeCopy(matches), safeCopy(RULES), style, width);
  await writeOutput(text, o.output);
  return matches.length > 0 ? EXIT.ok : EXIT.findings;
}
