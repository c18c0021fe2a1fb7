import type { FactStore } from './collect/index.js';
import type { Layout } from './collect/facts.js';
import type { Finding, Skipped } from './engine.js';
import type { NodeSummary } from './summary.js';
import { COMPONENTS, RUNTIME_DRIVER_SETTING, V2_SWITCH } from './distributions/components.js';

type Evidence = Finding['evidence'][number];

export interface MigrationStep {
  /** An upgrade, a workload to rebuild, a version to check by hand, the drivers, the boot line, the check after. */
  kind: 'upgrade' | 'workload' | 'check' | 'driver' | 'boot' | 'verify';
  /** The move fails, or a workload breaks, unless this is done first. */
  blocks: boolean;
  /** Already so on this node. */
  done: boolean;
  action: string;
  rule: string | null;
  subject: string | null;
  evidence: Evidence[];
}

/** A component of the move, with the version read and where, or why it could not be read. */
export interface MigrationComponent {
  id: string;
  name: string;
  version: string | null;
  source: string | null;
  unknown: string | null;
  minimum: string;
}

/** `scan --target v2`: what stands between this node and cgroup v2, in the order to do it. */
export interface MigrationPlan {
  target: 'v2';
  from: Layout;
  /** No blocking step is left undone. */
  ready: boolean;
  blockers: number;
  /** Components and workloads whose version could not be read: checked by hand before the move. */
  unknown: number;
  components: MigrationComponent[];
  /** The running workloads whose runtime's v2 support depends on its version (JVMs), each with it or why it is unknown. */
  workloads: MigrationWorkload[];
  steps: MigrationStep[];
}

export interface MigrationWorkload {
  pid: number;
  runtime: string;
  pod: string | null;
  container: string | null;
  version: string | null;
  source: string | null;
  unknown: string | null;
}

/** `path:line`, as the summary cites a setting, back into evidence. */
const fromCite = (at: string, excerpt: string): Evidence => {
  const m = /^(.*):(\d+)$/.exec(at);
  return m ? { path: m[1]!, line: Number(m[2]), excerpt } : { path: at, line: null, excerpt };
};
/** Where a version was read, as users cite it: `path:line`. */
const citeSource = (s: { path: string; line?: number } | undefined): string | null => (s ? `${s.path}${s.line !== undefined ? `:${s.line}` : ''}` : null);
const cite = (e: Evidence) => `${e.path}${e.line !== null ? `:${e.line}` : ''}`;
const order = (subject: string) => {
  const i = COMPONENTS.findIndex((c) => c.id === subject);
  return i < 0 ? COMPONENTS.length : i;
};

/**
 * The migration plan: blockers first (components below their first release with v2 support, in
 * the order they are upgraded: the OS, then the runtime, then kubelet; then workloads that read
 * v1 limits only), what could not be read, the cgroup driver, the kernel command line, and the
 * check after the reboot. Built from the scan's findings (CG032, CG033) and facts, so every
 * format shows the same plan.
 */
export function migrationPlan(store: FactStore, findings: readonly Finding[], facts: NodeSummary, rules: { ran: readonly string[]; skipped: readonly Skipped[] }): MigrationPlan {
  const steps: MigrationStep[] = [];
  // A plan without its checks is not a clean one: say which did not look.
  for (const id of ['CG032', 'CG033']) {
    if (rules.ran.includes(id)) continue;
    const why = rules.skipped.find((k) => k.rule === id)?.reason ?? 'not run (--rule, --ignore or the configuration left it out)';
    steps.push({
      kind: 'check',
      blocks: false,
      done: false,
      action: `${id} did not check this node: ${why}; its ${id === 'CG032' ? 'component versions' : 'workloads'} are not in this plan.`,
      rule: id,
      subject: null,
      evidence: [],
    });
  }
  const of = (rule: string, severity: Finding['severity']) => findings.filter((f) => f.rule === rule && f.severity === severity);
  const step = (kind: MigrationStep['kind'], blocks: boolean, f: Finding): MigrationStep => ({
    kind,
    blocks,
    done: false,
    action: f.remediation,
    rule: f.rule,
    subject: f.subject,
    evidence: f.evidence,
  });
  for (const f of [...of('CG032', 'error')].sort((a, b) => order(a.subject) - order(b.subject))) steps.push(step('upgrade', true, f));
  for (const f of of('CG033', 'error')) steps.push(step('workload', true, f));
  for (const f of [...of('CG032', 'info'), ...of('CG033', 'info')]) steps.push({ ...step('check', false, f), action: f.message });

  const procs = store.get('processes');
  if (procs.ok && procs.value.systemd.running && (facts.kubelet || facts.runtime)) steps.push(driverStep(facts));
  steps.push(bootStep(store, facts));
  steps.push({
    kind: 'verify',
    blocks: false,
    done: facts.layout === 'v2',
    action:
      facts.layout === 'v2'
        ? 'The node runs on cgroup v2: this scan checked it as one (CG015 controller delegation, CG031 no internal processes).'
        : 'After the reboot, scan again: the layout must read v2, and the v2-only checks (CG015 controller delegation, CG031 no internal processes) then run.',
    rule: null,
    subject: null,
    evidence: [],
  });

  const cv = store.get('componentVersions');
  const components: MigrationComponent[] = cv.ok
    ? cv.value
        .filter((c) => c.present)
        .map((c) => ({
          id: c.id,
          name: c.name,
          version: c.version?.text ?? null,
          source: citeSource(c.source),
          unknown: c.unknown ?? null,
          minimum: COMPONENTS.find((x) => x.id === c.id)!.minV2.version,
        }))
    : [];
  const wp = store.get('workloadProcesses');
  const workloads: MigrationWorkload[] = wp.ok
    ? wp.value.map((w) => ({
        pid: w.pid,
        runtime: w.runtime,
        pod: w.pod ?? null,
        container: w.container ?? null,
        version: w.version?.text ?? null,
        source: citeSource(w.source),
        unknown: w.unknown ?? null,
      }))
    : [];
  const blockers = steps.filter((s) => s.blocks && !s.done).length;
  return { target: 'v2', from: facts.layout, ready: blockers === 0, blockers, unknown: steps.filter((s) => s.kind === 'check').length, components, workloads, steps };
}

/** kubelet and its runtime move to the systemd driver together (a mismatch is CG009). */
function driverStep(facts: NodeSummary): MigrationStep {
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  let done = true;
  const k = facts.kubelet?.settings.cgroupDriver;
  if (k && 'value' in k) {
    if (k.value !== 'systemd') {
      done = false;
      parts.push(`kubelet cgroupDriver: systemd (now ${String(k.value)}${k.source ? `, ${k.source}` : `, ${k.origin}`})`);
    }
    if (k.source) evidence.push(fromCite(k.source, `cgroupDriver ${String(k.value)}`));
  } else if (k) {
    done = false;
    parts.push(`kubelet cgroupDriver: systemd (its current value is unknown: ${k.unknown})`);
  }
  const rt = facts.runtime;
  if (rt) {
    const setting = RUNTIME_DRIVER_SETTING[rt.name as keyof typeof RUNTIME_DRIVER_SETTING]?.systemd ?? 'its cgroup driver set to systemd';
    if ('value' in rt.driver) {
      if (rt.driver.value !== 'systemd') {
        done = false;
        parts.push(`${rt.name} ${setting} in ${rt.config} (now ${rt.driver.value}: ${rt.driver.origin})`);
      }
      evidence.push({ path: rt.driver.source ?? rt.config, line: null, excerpt: `${rt.name} cgroup driver ${rt.driver.value}` });
    } else {
      done = false;
      parts.push(`${rt.name} ${setting} in ${rt.config} (its current value is unknown: ${rt.driver.unknown})`);
    }
  }
  return {
    kind: 'driver',
    blocks: false,
    done,
    action: done
      ? 'kubelet and the runtime already use the systemd cgroup driver, the one recommended on cgroup v2.'
      : `Move to the systemd cgroup driver, recommended on cgroup v2 (${V2_SWITCH.driverSource}), both sides in the same maintenance (a mismatch is CG009): ${parts.join('; ')}. Drain the node first.`,
    rule: null,
    subject: null,
    evidence,
  };
}

function bootStep(store: FactStore, facts: NodeSummary): MigrationStep {
  if (facts.layout === 'v2')
    return { kind: 'boot', blocks: false, done: true, action: 'The node already boots on the unified hierarchy.', rule: null, subject: null, evidence: [] };
  const boot = store.get('bootArgs');
  const holding = boot.ok ? V2_SWITCH.holdsV1.filter((a) => boot.value.args.has(a) && !(a === 'systemd.unified_cgroup_hierarchy' && boot.value.args.get(a) === '1')) : [];
  const how = V2_SWITCH.howTo.find((h) => facts.os && h.os.test(facts.os))?.how ?? V2_SWITCH.howToElse;
  const remove = holding.length > 0 ? ` in place of ${holding.map((a) => `${a}=${String(boot.ok ? boot.value.args.get(a) : '')}`).join(' and ')}` : '';
  return {
    kind: 'boot',
    blocks: false,
    done: false,
    action: `Boot with ${V2_SWITCH.arg} on the kernel command line${remove} (${V2_SWITCH.source}): ${how}; then reboot. This is the move: do it after the steps above.`,
    rule: null,
    subject: null,
    evidence: boot.ok ? [{ path: boot.value.path, line: 1, excerpt: boot.value.text }] : [],
  };
}

/** The plan's title line: ready or not, and what is in the way. */
export function planHeading(plan: MigrationPlan): string {
  if (plan.from === 'v2')
    return `Cgroup v2 (already this layout): ${plan.ready ? 'nothing to upgrade' : `${plan.blockers} to fix`}${plan.unknown > 0 ? `, ${plan.unknown} to check by hand` : ''}`;
  const state = plan.ready ? 'ready' : `blocked: ${plan.blockers} step${plan.blockers === 1 ? '' : 's'} first`;
  return `Move to cgroup v2 from ${plan.from}: ${state}${plan.unknown > 0 ? `, ${plan.unknown} to check by hand` : ''}`;
}

/** What a step cites, for the text formats: its rule and its first two pieces of evidence (`path:line`). */
export const stepRefs = (s: MigrationStep): string[] => [...(s.rule ? [s.rule] : []), ...s.evidence.slice(0, 2).map(cite)];

/** One line per step for the text formats: `1. [blocks] Upgrade ... (CG032; usr/bin/containerd)`. */
export function stepLines(plan: MigrationPlan): string[] {
  return plan.steps.map((s, i) => {
    const mark = s.done ? '[done]' : s.blocks ? '[blocks]' : s.kind === 'check' ? '[check]' : '[todo]';
    const refs = stepRefs(s);
    return `${i + 1}. ${mark} ${s.action}${refs.length > 0 ? ` (${refs.join('; ')})` : ''}`;
  });
}
