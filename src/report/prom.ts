import type { ScanResult } from '../scan.js';
import type { AnyRule } from '../rules/define.js';
import { SEVERITIES } from '../rules/define.js';

/** Label values escape backslash, double quote and newline (the exposition format's rules). */
const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export interface PromExtras {
  /** num_cgroups per controller from /proc/cgroups. */
  cgroups?: Array<{ controller: string; count: number }>;
  dying?: number;
  mountinfoLines?: number;
  now?: Date;
}

/**
 * Prometheus text exposition for the node_exporter textfile collector: one gauge family per
 * metric, HELP and TYPE first, a series for every rule and severity so alerts can use == 0.
 */
export function renderProm(r: ScanResult, rules: readonly AnyRule[], x: PromExtras = {}): string {
  const out: string[] = [];
  const family = (name: string, help: string, series: Array<[Record<string, string>, number]>) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, v] of series) {
      const ls = Object.entries(labels)
        .map(([k, val]) => `${k}="${label(val)}"`)
        .join(',');
      out.push(`${name}${ls ? `{${ls}}` : ''} ${Number.isFinite(v) ? v : 0}`);
    }
  };
  family(
    'cgdoctor_findings',
    'Findings of the last scan, by rule and severity.',
    rules.flatMap((rule) =>
      SEVERITIES.map((s): [Record<string, string>, number] => [
        { rule: rule.id, name: rule.name, severity: s },
        r.findings.filter((f) => f.rule === rule.id && f.severity === s).length,
      ]),
    ),
  );
  family('cgdoctor_rules_skipped', 'Rules that could not check in the last scan.', [[{}, r.skipped.length]]);
  family('cgdoctor_scan_duration_seconds', 'How long the last scan took.', [[{}, r.summary.durationMs / 1000]]);
  family('cgdoctor_last_run_timestamp_seconds', 'When the last scan finished, in seconds since the epoch.', [[{}, Math.floor((x.now ?? new Date()).getTime() / 1000)]]);
  if (x.cgroups)
    family(
      'cgdoctor_cgroups',
      'num_cgroups per controller in /proc/cgroups.',
      x.cgroups.map((c) => [{ controller: c.controller }, c.count]),
    );
  if (x.dying !== undefined) family('cgdoctor_dying_cgroups', 'Dying cgroups (nr_dying_descendants on v2; memory num_cgroups beyond its directories on v1).', [[{}, x.dying]]);
  if (x.mountinfoLines !== undefined) family('cgdoctor_mountinfo_lines', 'Lines of the mount table read by the scan.', [[{}, x.mountinfoLines]]);
  if (r.migration) {
    family('cgdoctor_v2_migration_ready', 'scan --target v2: 1 when nothing blocks the move to cgroup v2.', [[{ from: r.migration.from }, r.migration.ready ? 1 : 0]]);
    family('cgdoctor_v2_migration_blockers', 'scan --target v2: steps that must be done before the move.', [[{}, r.migration.blockers]]);
    family('cgdoctor_v2_migration_unknown', 'scan --target v2: components and workloads whose version could not be read.', [[{}, r.migration.unknown]]);
  }
  family('cgdoctor_info', "cgdoctor version and the node's cgroup layout.", [[{ version: r.tool.version, layout: r.layout }, 1]]);
  return `${out.join('\n')}\n`;
}
