import { migrationPlan, type MigrationPlan } from './migration.js';
import type { Host } from './host/host.js';
import type { FactName, Layout, ScanContext } from './collect/facts.js';
import { FactStore } from './collect/index.js';
import { formatWarning } from './collect/parse/diagnostic.js';
import type { EngineConfig, Finding, Skipped } from './engine.js';
import { evaluate } from './engine.js';
import { reaches, type AnyRule, type FailOn, type Severity } from './rules/define.js';
import { RULES } from './rules/index.js';
import { VERSION } from './version.js';
import { EXIT } from './errors.js';
import type { LogMatches } from './symptoms/logs.js';
import { addLogEvidence } from './symptoms/evidence.js';
import { NO_CONFIG, summarize, type AppliedConfig, type NodeSummary } from './summary.js';

/** The scan result: exactly the `--format json` object of spec/cli.md, in its key order. */
export interface ScanResult {
  tool: { name: 'cgdoctor'; version: string };
  root: string;
  /** The node's name, for fleet tools: etc/hostname, else the kernel's hostname, else the root. */
  node: string;
  layout: Layout;
  /** What the report's header shows: kernel, view, kubelet and runtime with sources, privileges, configuration. */
  facts: NodeSummary;
  findings: Finding[];
  skipped: Skipped[];
  warnings: string[];
  summary: { error: number; warning: number; info: number; rulesRun: number; rulesSkipped: number; durationMs: number };
  /** `--target v2` only: the migration plan. */
  migration?: MigrationPlan;
}

export interface ScanOptions {
  rules?: readonly AnyRule[];
  config?: EngineConfig;
  context?: Partial<ScanContext>;
  /** Log lines that showed rules' symptoms (scan --logs). */
  logs?: LogMatches;
  /** The configuration the run applied, shown with the report so nothing is suppressed unseen. */
  applied?: AppliedConfig;
}

/**
 * What a capture's capture.json says about how it was taken: from a live root (`"root": "/"`,
 * so it shows the view of the process that took it, as a live scan does) and as which user.
 */
function captureManifest(host: Host): { live: boolean; uid?: number } {
  const r = host.read('capture.json', { maxBytes: 1 << 20 });
  if (!r.ok) return { live: false };
  try {
    const m = JSON.parse(r.text) as { root?: unknown; user?: { uid?: unknown } };
    return { live: m.root === '/', ...(typeof m.user?.uid === 'number' ? { uid: m.user.uid } : {}) };
  } catch {
    return { live: false };
  }
}

/** Node figures beside the findings, for the Prometheus report. */
export interface ScanStats {
  cgroups?: Array<{ controller: string; count: number }>;
  dying?: number;
  mountinfoLines?: number;
}

/** Past this many, unreadable files are counted, not listed: a scan without root may meet thousands. */
const MAX_UNREADABLE_LISTED = 20;

export function scan(host: Host, options: ScanOptions = {}): ScanResult {
  return scanWithStats(host, options).result;
}

/** A scan, and a way to read node figures from the facts it collected (at no extra cost if already read). */
export function scanWithStats(host: Host, options: ScanOptions = {}): { result: ScanResult; stats: () => ScanStats; store: FactStore } {
  const start = performance.now();
  const taken = captureManifest(host);
  const live = options.context?.live === true || taken.live;
  const store = new FactStore(host, { ...(taken.uid !== undefined ? { uid: taken.uid } : {}), ...options.context, live });
  const rules = options.rules ?? RULES;
  const ev = evaluate(rules, store, options.config);
  if (options.logs) addLogEvidence(ev, rules, options.logs);
  // Before the warnings are gathered: what the header reads may itself be unreadable.
  const { node, facts } = summarize(store, options.applied ?? NO_CONFIG);
  const mounts = store.get('mounts');
  // Honest about caps and unreadable files: say what was cut or unseen, and what it cost.
  const rulesOf = (facts: Set<FactName>) => rules.filter((r) => [...r.needs, ...(r.wants ?? [])].some((f) => facts.has(f as FactName)));
  const byCap = new Map<string, Set<FactName>>();
  for (const [fact, whys] of store.incomplete) {
    for (const why of whys) if (!store.isUnreadableReason(why)) byCap.set(why, new Set([...(byCap.get(why) ?? []), fact]));
  }
  const partialWarnings = [...byCap].map(([why, facts]) => {
    const affected = rulesOf(facts);
    const saw = affected.filter((r) => (r.tolerates ?? []).some((f: FactName) => facts.has(f))).map((r) => r.id);
    const not = affected.filter((r) => !saw.includes(r.id)).map((r) => r.id);
    const parts = [saw.length > 0 ? `${saw.join(', ')} saw part of the node` : '', not.length > 0 ? `${not.join(', ')} could not rely on it` : ''].filter(Boolean);
    return `partial data: ${why}; ${parts.length > 0 ? parts.join('; ') : 'no rule used it'}`;
  });
  const unreadable = [...store.unreadable.values()];
  const unreadableWarnings =
    unreadable.length > MAX_UNREADABLE_LISTED
      ? [...unreadable.slice(0, MAX_UNREADABLE_LISTED), `… and ${unreadable.length - MAX_UNREADABLE_LISTED} more files could not be read`]
      : unreadable;
  // Say plainly what the root lacks, so "no findings" is never read as "healthy".
  const coverage: string[] = [];
  if (!host.isDir('proc')) coverage.push('coverage: the root has no proc/: process, kubelet-flag and mount rules could not look');
  if (!mounts.ok || mounts.value.hierarchies.length === 0) coverage.push('coverage: no cgroup filesystem is mounted in the mount table: cgroup rules could not look');
  const count = (s: Severity) => ev.findings.filter((f) => f.severity === s).length;
  const migration =
    options.context?.target === 'v2'
      ? migrationPlan(store, ev.findings, facts, {
          ran: rules.map((r) => r.id).filter((id) => !ev.skipped.some((k) => k.rule === id)),
          skipped: ev.skipped,
        })
      : undefined;
  const result: ScanResult = {
    tool: { name: 'cgdoctor', version: VERSION },
    root: host.label,
    node,
    layout: mounts.ok ? mounts.value.layout : 'unknown',
    facts,
    findings: ev.findings,
    skipped: ev.skipped,
    warnings: [
      ...coverage,
      ...unreadableWarnings,
      ...store.warnings.map(formatWarning),
      ...partialWarnings,
      ...(store.gone.size > 0
        ? [
            `vanished during the scan: ${[...store.gone]
              .sort()
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')} (a live node changes while it is read; they were skipped)`,
          ]
        : []),
    ],
    summary: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      rulesRun: ev.rulesRun,
      rulesSkipped: ev.skipped.length,
      durationMs: Math.round(performance.now() - start),
    },
    ...(migration ? { migration } : {}),
  };
  const stats = (): ScanStats => {
    const pc = store.get('procCgroups');
    const unified = mounts.ok && mounts.value.layout === 'v2' ? store.get('unified') : undefined;
    const memDirs = mounts.ok && mounts.value.layout !== 'v2' ? store.get('memoryCgroupDirs') : undefined;
    const mem = pc.ok ? pc.value.controllers.find((c) => c.name === 'memory') : undefined;
    const dying = unified?.ok ? unified.value.stat['nr_dying_descendants'] : memDirs?.ok && mem ? Math.max(0, mem.numCgroups - memDirs.value) : undefined;
    return {
      ...(pc.ok ? { cgroups: pc.value.controllers.map((c) => ({ controller: c.name, count: c.numCgroups })) } : {}),
      ...(dying !== undefined ? { dying } : {}),
      ...(mounts.ok ? { mountinfoLines: mounts.value.lineCount } : {}),
    };
  };
  return { result, stats, store };
}

export type { FailOn } from './rules/define.js';

/** Exit code 1 when a finding is at or above the --fail-on level, else 0. */
export function exitCodeFor(result: { findings: ReadonlyArray<{ severity: Severity }> }, failOn: FailOn): typeof EXIT.ok | typeof EXIT.findings {
  return result.findings.some((f) => reaches(f.severity, failOn)) ? EXIT.findings : EXIT.ok;
}

/** Nothing checked is not a pass: the line `scan`, `capture` and `diff` print when every rule was skipped. */
export function nothingChecked(result: { root: string; summary: { rulesRun: number }; skipped: Array<{ reason: string }> }): string | undefined {
  if (result.summary.rulesRun > 0) return undefined;
  return `nothing could be checked under ${result.root}: every rule was skipped (${result.skipped[0]?.reason ?? 'no rules'})`;
}
