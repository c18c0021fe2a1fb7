import { RULES, findRule, nearestRules } from '../rules/index.js';
import type { Explanation } from '../symptoms/match.js';
import type { PasteExplanation } from '../symptoms/paste.js';
import { renderExplanation, renderPaste, renderRuleDocs, ruleDocsObject, type NodeCheck } from '../report/docs.js';
import { makeStyle } from '../report/style.js';
import { safeCopy, safeJson, safeText } from '../report/safe-text.js';
import { CliError, EXIT } from './errors.js';
import { terminalWidth, writeOutput } from './output.js';
import type { openHost } from './root.js';
import { loadLibs, SCAN_LIBS } from '../libs.js';

export interface ExplainOptions {
  format: 'table' | 'json';
  output?: string;
  color?: boolean;
  /** Check the candidate rules on this node: a root directory, or a capture. */
  root?: string;
  from?: string;
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

type Opened = Awaited<ReturnType<typeof openHost>>;

/** The candidate rules run on the node: which found their cause there, with the evidence. */
async function checkOnNode(ids: string[], opened: Opened, o: ExplainOptions): Promise<NodeCheck> {
  const { scan } = await import('../scan.js');
  const { host, live } = opened;
  const rules = RULES.filter((r) => ids.includes(r.id));
  const result = scan(host, { rules, context: { live, ...(o.from === undefined && process.geteuid ? { uid: process.geteuid() } : {}) } });
  return { root: result.root, findings: result.findings, skipped: result.skipped };
}

/**
 * Rules whose cause the node shows go first, in the order the text ranked them; a weak one the node
 * confirms joins them.
 */
function confirmFirst(e: Explanation, node: NodeCheck): Explanation {
  const found = new Set(node.findings.map((f) => f.rule));
  const all = [...e.matches, ...e.weak.filter((m) => found.has(m.rule))];
  const matches = [...all.filter((m) => found.has(m.rule)), ...all.filter((m) => !found.has(m.rule))];
  const candidates = [...e.candidates.filter((c) => found.has(c)), ...e.candidates.filter((c) => !found.has(c))];
  const weak = e.weak.filter((m) => !found.has(m.rule));
  // The node shows a rule's cause: that outranks an outside problem the text alone preferred.
  if (e.outside && matches.some((m) => found.has(m.rule))) {
    const { outside, ...rest } = e;
    return { ...rest, verdict: 'ambiguous', matches, weak, candidates: matches.filter((m) => found.has(m.rule)).map((m) => m.rule), alsoOutside: outside };
  }
  return { ...e, matches, weak, candidates };
}

const nodeJson = (node: NodeCheck | undefined, rule: string) => {
  if (!node) return {};
  const findings = node.findings.filter((f) => f.rule === rule);
  const skipped = node.skipped.find((s) => s.rule === rule);
  return { node: findings.length > 0 ? { status: 'found', findings } : skipped ? { status: 'skipped', reason: skipped.reason } : { status: 'absent' } };
};

function explanationJson(e: Explanation, node?: NodeCheck) {
  return {
    verdict: e.verdict,
    matches: e.matches.map(({ rule, name, score, tool, symptom, source, decidedBy }) => ({
      rule,
      name,
      score,
      tool,
      message: symptom,
      source,
      ...(decidedBy ? { decidedBy } : {}),
      ...nodeJson(node, rule),
    })),
    candidates: e.candidates,
    ...(e.outside ? { outside: e.outside } : {}),
    ...(e.alsoOutside ? { alsoOutside: e.alsoOutside } : {}),
    slots: e.slots,
  };
}

function pasteJson(query: string, p: PasteExplanation, node?: NodeCheck) {
  return {
    query,
    verdict: 'paste',
    // The contract's list: every rule the paste shows, the most lines first.
    matches: p.causes.filter((c) => c.rule).map((c) => ({ rule: c.rule!, name: c.name, score: c.score, lines: c.lines, ...nodeJson(node, c.rule!) })),
    outside: p.causes.filter((c) => c.outside).map((c) => ({ id: c.outside!, title: c.name, score: c.score, lines: c.lines })),
    unexplained: p.unexplained,
    lines: p.lines.map((l) => ({ line: l.line, text: l.text, ...explanationJson(l.explanation) })),
  };
}

/** `explain CG009`, `explain cgroup-driver-mismatch`, `explain "<pasted log line>"`, or `explain -` to read it from stdin. */
export async function runExplain(words: string[], o: ExplainOptions): Promise<number> {
  const fromStdin = words.length === 1 && words[0] === '-';
  const raw = fromStdin ? await readQuery() : words.join(' ');
  const bytes = Buffer.byteLength(raw);
  if (bytes > MAX_QUERY_BYTES) throw tooLong(String(bytes));
  const query = raw.trim();
  if (query === '') throw new CliError(fromStdin ? 'explain -: standard input is empty' : 'explain needs a rule id, a rule name or a pasted message');
  const toFile = o.output !== undefined;
  const style = await makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !!process.stdout.isTTY, toFile });
  const width = terminalWidth(toFile);
  const rule = findRule(query);
  if (rule) {
    await writeOutput(o.format === 'json' ? safeJson(ruleDocsObject(rule)) : renderRuleDocs(safeCopy(rule), style, width), o.output);
    return EXIT.ok;
  }
  // The message catalogue is loaded only for a pasted message: `explain CG001` does not pay for it.
  const [{ explainMessage }, { explainPaste, splitPaste, sumUp }] = await Promise.all([import('../symptoms/match.js'), import('../symptoms/paste.js')]);
  // A wrong --root or --from is reported whatever the message, not only when a rule matches.
  const onNode = o.root !== undefined || o.from !== undefined;
  if (onNode) await loadLibs(SCAN_LIBS);
  // The root and capture readers load only for --root and --from: `explain CG001` never opens a node.
  const opened = onNode ? await (await import('./root.js')).openHost(o.from ? { capture: o.from } : { root: o.root! }) : undefined;
  const messages = splitPaste(query);
  if (messages.length > 1) {
    let paste = explainPaste(messages, RULES);
    const ids = [...new Set(paste.lines.flatMap((l) => [...l.explanation.matches, ...l.explanation.weak].map((m) => m.rule)))];
    const node = opened && ids.length > 0 ? await checkOnNode(ids, opened, o) : undefined;
    if (node) paste = sumUp(paste.lines, new Set(node.findings.map((f) => f.rule)));
    const text = o.format === 'json' ? safeJson(pasteJson(query, paste, node)) : renderPaste(safeCopy(paste), safeCopy(RULES), style, width, node && safeCopy(node));
    await writeOutput(text, o.output);
    return paste.causes.length > 0 ? EXIT.ok : EXIT.findings;
  }
  // A message pasted over several lines is one message.
  const message = query.replace(/\s*\n\s*/g, ' ');
  let e = explainMessage(message, RULES);
  // One word that is no rule and matches no symptom is a mistyped rule reference.
  if (!/\s/.test(message) && e.matches.length === 0 && !e.outside) {
    const near = nearestRules(message, RULES).map((r) => `${r.id} (${r.name})`);
    throw new CliError(`unknown rule "${message.length > 60 ? `${message.slice(0, 59)}…` : message}"; nearest: ${near.join(', ')}. Run \`cgdoctor rules\` for the list`);
  }
  const ids = [...e.matches, ...e.weak].map((m) => m.rule);
  const node = opened && ids.length > 0 ? await checkOnNode(ids, opened, o) : undefined;
  if (node) e = confirmFirst(e, node);
  const text =
    o.format === 'json'
      ? safeJson({ query: message, ...explanationJson(e, node) })
      : renderExplanation(safeText(message), safeCopy(e), safeCopy(RULES), style, width, node && safeCopy(node));
  await writeOutput(text, o.output);
  return e.matches.length > 0 ? EXIT.ok : EXIT.findings;
}
