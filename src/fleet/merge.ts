import type { Finding, Skipped } from '../engine.js';
import { nodeNameKey } from './node-order.js';
import { reaches, SEVERITIES, type FailOn, type Severity } from '../rules/define.js';

/**
 * `cgdoctor report`: many nodes' scan results merged into the cluster view. Reports are added one
 * at a time and only what the view needs is kept of each (its findings' rule, subject and
 * severity, its skipped rule ids), so merging 10,000 reports holds 10,000 small records, never
 * 10,000 parsed reports. One full finding is kept per rule and subject, for its evidence and fix.
 */

/** What `report` needs of one node's scan: the scan JSON's own fields (contract/scan-report.schema.json). */
export interface NodeScan {
  node: string;
  layout: string;
  findings: Finding[];
  skipped: Skipped[];
}

export interface FleetReport {
  tool: { name: 'cgdoctor'; version: string };
  /** How many nodes were read. */
  nodes: number;
  /** Nodes by their worst finding; `healthy` have none. */
  summary: { error: number; warning: number; info: number; healthy: number; failed: number };
  /** Rules by the number of nodes they fired on, most first. */
  rules: Array<{
    rule: string;
    name: string;
    severity: Severity;
    nodes: string[];
    subjects: Array<{ subject: string; nodes: string[]; example: Pick<Finding, 'message' | 'evidence' | 'remediation'> }>;
  }>;
  /** Nodes with the same set of findings (rule and subject), largest group first; the healthy nodes are the group with none. */
  groups: Array<{ findings: Array<{ rule: string; subject: string; severity: Severity }>; nodes: string[] }>;
  /** Rules some node could not check, by reason, most common first: skipped is not passing. */
  coverage: Array<{ rule: string; skippedOn: number; reasons: Array<{ reason: string; nodes: string[] }> }>;
  /** Every node read, with the file it came from. */
  nodeList: Array<{ node: string; file: string; layout: string; worst: Severity | null; findings: number; skipped: string[] }>;
  /** Inputs that could not be read or scanned, each with why; never fatal to the rest. */
  failed: Array<{ file: string; reason: string }>;
  warnings: string[];
}

/** One finding as the merge keeps it: one shared record per rule, subject and severity seen. */
interface Kind {
  finding: FleetReport['groups'][number]['findings'][number];
  /** The rule and subject, whatever the severity: what nodes are counted and grouped by. */
  pair: number;
}

/**
 * What is kept of one node: its findings and skipped rules as numbers into the merger's tables.
 * 10,000 nodes' findings are mostly the same few hundred; a copy of each for each node would be
 * most of what the garbage collector has to do.
 */
interface Kept {
  node: string;
  file: string;
  layout: string;
  worst: Severity | null;
  findings: number[];
  skipped: number[];
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);
/** Rule ids, subjects and reasons in code-point order: localeCompare would ask ICU 30,000 times. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Pairs of strings to small numbers, and back. Two levels of maps, not one keyed by the two joined:
 * a joined key is a new string to build and hash for every finding of every node.
 */
class Table<T, A = string, B = string> {
  private readonly ids = new Map<A, Map<B, number>>();
  readonly items: T[] = [];
  /** The number of (a, b), or -1 when it has none yet. */
  get(a: A, b: B): number {
    return this.ids.get(a)?.get(b) ?? -1;
  }
  add(a: A, b: B, item: T): number {
    let inner = this.ids.get(a);
    if (inner === undefined) {
      inner = new Map();
      this.ids.set(a, inner);
    }
    inner.set(b, this.items.length);
    return this.items.push(item) - 1;
  }
}

type Example = Pick<Finding, 'message' | 'evidence' | 'remediation'>;

export class FleetMerger {
  private readonly nodes = new Map<string, Kept>();
  private readonly failed: FleetReport['failed'] = [];
  private readonly warnings: string[] = [];
  private readonly rules = new Map<string, { name: string; severity: Severity }>();
  /** Rule and subject pairs, each with the first full finding seen, for its evidence and fix. */
  private readonly pairs = new Table<{ rule: string; subject: string; example: Example }>();
  private readonly kinds = new Table<Kind, Severity, number>();
  private readonly skips = new Table<Skipped>();

  constructor(private readonly version: string) {}

  add(file: string, scan: NodeScan): void {
    const earlier = this.nodes.get(scan.node);
    // The later input wins: a directory of reports is read in name order, and arguments in theirs.
    if (earlier) this.warnings.push(`node ${scan.node}: read from ${earlier.file} and ${file}; ${file} is counted`);
    let worst: Severity | null = null;
    const findings: number[] = [];
    for (const f of scan.findings) {
      if (worst === null || rank(f.severity) < rank(worst)) worst = f.severity;
      const known = this.rules.get(f.rule);
      // A node's config may raise a rule's severity: the cluster view shows the most severe seen.
      if (!known || rank(f.severity) < rank(known.severity)) this.rules.set(f.rule, { name: f.name, severity: f.severity });
      // Reports are checked only for what the counts need: the example takes what it finds.
      let pair = this.pairs.get(f.rule, f.subject);
      if (pair < 0) {
        const example = {
          message: typeof f.message === 'string' ? f.message : '',
          evidence: Array.isArray(f.evidence) ? f.evidence : [],
          remediation: typeof f.remediation === 'string' ? f.remediation : '',
        };
        pair = this.pairs.add(f.rule, f.subject, { rule: f.rule, subject: f.subject, example });
      }
      let kind = this.kinds.get(f.severity, pair);
      if (kind < 0) kind = this.kinds.add(f.severity, pair, { finding: { rule: f.rule, subject: f.subject, severity: f.severity }, pair });
      findings.push(kind);
    }
    const skipped: number[] = [];
    for (const { rule, reason } of scan.skipped) {
      const id = this.skips.get(rule, reason);
      skipped.push(id >= 0 ? id : this.skips.add(rule, reason, { rule, reason }));
    }
    this.nodes.set(scan.node, { node: scan.node, file, layout: scan.layout, worst, findings, skipped });
  }

  fail(file: string, reason: string): void {
    this.failed.push({ file, reason });
  }

  result(): FleetReport {
    const kept = [...this.nodes.values()]
      .map((n) => ({ n, key: nodeNameKey(n.node) }))
      .sort((a, b) => byCode(a.key, b.key) || byCode(a.n.node, b.n.node))
      .map((k) => k.n);
    const names = kept.map((n) => n.node);
    const summary = { error: 0, warning: 0, info: 0, healthy: 0, failed: this.failed.length };
    for (const n of kept) summary[n.worst ?? 'healthy']++;

    const kinds = this.kinds.items;
    const pairs = this.pairs.items;
    // A node's findings are listed by severity, rule and subject: the kinds are sorted once, and
    // each node's by that position.
    const position = new Array<number>(kinds.length);
    const order = (i: number) => kinds[i]!.finding;
    kinds
      .map((_, i) => i)
      .sort((a, b) => rank(order(a).severity) - rank(order(b).severity) || byCode(order(a).rule, order(b).rule) || byCode(order(a).subject, order(b).subject))
      .forEach((k, at) => {
        position[k] = at;
      });

    // Nodes are numbers (their place in name order) until the end: lists of them merge and sort
    // as numbers, and each stays in name order by being built in it.
    const pairNodes = pairs.map((): number[] => []);
    const groups = new Map<string, { findings: FleetReport['groups'][number]['findings']; nodes: number[] }>();
    const skipNodes = this.skips.items.map((): number[] => []);
    for (const [at, n] of kept.entries()) {
      for (const k of n.findings) {
        const on = pairNodes[kinds[k]!.pair]!;
        if (on.at(-1) !== at) on.push(at);
      }
      const set = n.findings.length < 2 ? n.findings : [...n.findings].sort((a, b) => position[a]! - position[b]!);
      const key = set.map((k) => kinds[k]!.pair).join(',');
      const g = groups.get(key) ?? groups.set(key, { findings: set.map((k) => kinds[k]!.finding), nodes: [] }).get(key)!;
      g.nodes.push(at);
      for (const s of n.skipped) skipNodes[s]!.push(at);
    }
    const named = (on: readonly number[]) => on.map((at) => names[at]!);

    // Rules and their subjects in the order they were first seen; sorted below.
    const byRule = new Map<string, Array<{ subject: string; on: number[]; example: Example }>>();
    for (const [p, { rule, subject, example }] of pairs.entries()) {
      const on = pairNodes[p]!;
      if (on.length === 0) continue;
      (byRule.get(rule) ?? byRule.set(rule, []).get(rule)!).push({ subject, on, example });
    }
    const skipped = new Map<string, Array<{ reason: string; nodes: string[] }>>();
    for (const [i, { rule, reason }] of this.skips.items.entries()) {
      if (skipNodes[i]!.length === 0) continue;
      (skipped.get(rule) ?? skipped.set(rule, []).get(rule)!).push({ reason, nodes: named(skipNodes[i]!) });
    }

    const rules: FleetReport['rules'] = [...byRule].map(([rule, subjects]) => {
      const { name, severity } = this.rules.get(rule)!;
      const on = subjects.length === 1 ? subjects[0]!.on : [...new Set(subjects.flatMap((s) => s.on))].sort((a, b) => a - b);
      return {
        rule,
        name,
        severity,
        nodes: named(on),
        subjects: subjects
          .map((s) => ({ subject: s.subject, nodes: named(s.on), example: s.example }))
          .sort((a, b) => b.nodes.length - a.nodes.length || byCode(a.subject, b.subject)),
      };
    });
    rules.sort((a, b) => b.nodes.length - a.nodes.length || rank(a.severity) - rank(b.severity) || byCode(a.rule, b.rule));

    return {
      tool: { name: 'cgdoctor', version: this.version },
      nodes: kept.length,
      summary,
      rules,
      groups: [...groups.values()]
        .sort((a, b) => b.nodes.length - a.nodes.length || a.findings.length - b.findings.length)
        .map((g) => ({ findings: g.findings, nodes: named(g.nodes) })),
      coverage: [...skipped]
        .map(([rule, why]) => ({
          rule,
          skippedOn: why.reduce((t, r) => t + r.nodes.length, 0),
          reasons: why.sort((a, b) => b.nodes.length - a.nodes.length || byCode(a.reason, b.reason)),
        }))
        .sort((a, b) => b.skippedOn - a.skippedOn || byCode(a.rule, b.rule)),
      nodeList: kept.map((n) => ({
        node: n.node,
        file: n.file,
        layout: n.layout,
        worst: n.worst,
        findings: n.findings.length,
        skipped: n.skipped.map((s) => this.skips.items[s]!.rule),
      })),
      failed: this.failed,
      warnings: this.warnings,
    };
  }
}

/** The exit code of `report`: 1 when any node has a finding at or above `failOn`, as scan's is per node. */
export function fleetExitCode(r: FleetReport, failOn: FailOn): 0 | 1 {
  return r.nodeList.some((n) => n.worst !== null && reaches(n.worst, failOn)) ? 1 : 0;
}
