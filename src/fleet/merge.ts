import type { Finding, Skipped } from '../engine.js';
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

interface Kept {
  node: string;
  file: string;
  layout: string;
  worst: Severity | null;
  findings: Array<{ rule: string; subject: string; severity: Severity }>;
  skipped: Skipped[];
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);
/** Rule ids, subjects and reasons in code-point order: localeCompare would ask ICU 30,000 times. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** worker-2 before worker-10, as a person reads node names; one collator, not one per comparison. */
const byName = new Intl.Collator('en', { numeric: true }).compare;

export class FleetMerger {
  private readonly nodes = new Map<string, Kept>();
  private readonly failed: FleetReport['failed'] = [];
  private readonly warnings: string[] = [];
  private readonly rules = new Map<string, { name: string; severity: Severity }>();
  private readonly examples = new Map<string, Pick<Finding, 'message' | 'evidence' | 'remediation'>>();

  constructor(private readonly version: string) {}

  add(file: string, scan: NodeScan): void {
    const earlier = this.nodes.get(scan.node);
    // The later input wins: a directory of reports is read in name order, and arguments in theirs.
    if (earlier) this.warnings.push(`node ${scan.node}: read from ${earlier.file} and ${file}; ${file} is counted`);
    let worst: Severity | null = null;
    for (const f of scan.findings) {
      if (worst === null || rank(f.severity) < rank(worst)) worst = f.severity;
      const known = this.rules.get(f.rule);
      // A node's config may raise a rule's severity: the cluster view shows the most severe seen.
      if (!known || rank(f.severity) < rank(known.severity)) this.rules.set(f.rule, { name: f.name, severity: f.severity });
      const key = `${f.rule}\u0000${f.subject}`;
      // Reports are checked only for what the counts need: the example takes what it finds.
      if (!this.examples.has(key)) {
        this.examples.set(key, {
          message: typeof f.message === 'string' ? f.message : '',
          evidence: Array.isArray(f.evidence) ? f.evidence : [],
          remediation: typeof f.remediation === 'string' ? f.remediation : '',
        });
      }
    }
    this.nodes.set(scan.node, {
      node: scan.node,
      file,
      layout: scan.layout,
      worst,
      findings: scan.findings.map((f) => ({ rule: f.rule, subject: f.subject, severity: f.severity })),
      skipped: scan.skipped.map((s) => ({ rule: s.rule, reason: s.reason })),
    });
  }

  fail(file: string, reason: string): void {
    this.failed.push({ file, reason });
  }

  result(): FleetReport {
    const kept = [...this.nodes.values()].sort((a, b) => byName(a.node, b.node));
    const summary = { error: 0, warning: 0, info: 0, healthy: 0, failed: this.failed.length };
    for (const n of kept) summary[n.worst ?? 'healthy']++;

    const byRule = new Map<string, Map<string, string[]>>();
    const groups = new Map<string, FleetReport['groups'][number]>();
    const skipped = new Map<string, Map<string, string[]>>();
    for (const n of kept) {
      for (const f of n.findings) {
        const subjects = byRule.get(f.rule) ?? byRule.set(f.rule, new Map()).get(f.rule)!;
        const on = subjects.get(f.subject) ?? subjects.set(f.subject, []).get(f.subject)!;
        if (on.at(-1) !== n.node) on.push(n.node);
      }
      const set =
        n.findings.length < 2 ? n.findings : [...n.findings].sort((a, b) => rank(a.severity) - rank(b.severity) || byCode(a.rule, b.rule) || byCode(a.subject, b.subject));
      const key = set.map((f) => `${f.rule}\u0000${f.subject}`).join('\u0001');
      const g = groups.get(key) ?? groups.set(key, { findings: set, nodes: [] }).get(key)!;
      g.nodes.push(n.node);
      for (const s of n.skipped) {
        const why = skipped.get(s.rule) ?? skipped.set(s.rule, new Map()).get(s.rule)!;
        (why.get(s.reason) ?? why.set(s.reason, []).get(s.reason)!).push(n.node);
      }
    }

    const rules: FleetReport['rules'] = [...byRule].map(([rule, subjects]) => {
      const nodes = [...new Set([...subjects.values()].flat())].sort(byName);
      const { name, severity } = this.rules.get(rule)!;
      return {
        rule,
        name,
        severity,
        nodes,
        subjects: [...subjects]
          .map(([subject, on]) => ({ subject, nodes: on, example: this.examples.get(`${rule}\u0000${subject}`)! }))
          .sort((a, b) => b.nodes.length - a.nodes.length || byCode(a.subject, b.subject)),
      };
    });
    rules.sort((a, b) => b.nodes.length - a.nodes.length || rank(a.severity) - rank(b.severity) || byCode(a.rule, b.rule));

    return {
      tool: { name: 'cgdoctor', version: this.version },
      nodes: kept.length,
      summary,
      rules,
      groups: [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length || a.findings.length - b.findings.length),
      coverage: [...skipped]
        .map(([rule, why]) => ({
          rule,
          skippedOn: [...why.values()].reduce((t, on) => t + on.length, 0),
          reasons: [...why].map(([reason, nodes]) => ({ reason, nodes })).sort((a, b) => b.nodes.length - a.nodes.length || byCode(a.reason, b.reason)),
        }))
        .sort((a, b) => b.skippedOn - a.skippedOn || byCode(a.rule, b.rule)),
      nodeList: kept.map((n) => ({ node: n.node, file: n.file, layout: n.layout, worst: n.worst, findings: n.findings.length, skipped: n.skipped.map((s) => s.rule) })),
      failed: this.failed,
      warnings: this.warnings,
    };
  }
}

/** The exit code of `report`: 1 when any node has a finding at or above `failOn`, as scan's is per node. */
export function fleetExitCode(r: FleetReport, failOn: FailOn): 0 | 1 {
  return r.nodeList.some((n) => n.worst !== null && reaches(n.worst, failOn)) ? 1 : 0;
}
