import type { FactName, FactTypes } from '../collect/facts.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `--fail-on`: the least severity that fails a run, or never. */
export type FailOn = Severity | 'never';

/** Whether a finding of this severity fails a run with `--fail-on failOn`. */
export function reaches(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

/** A rule's documentation, printed by `cgdoctor explain` under fixed headings (as ruff does). */
interface RuleDocs {
  /** One line, for `cgdoctor rules`. */
  title: string;
  /** What it checks. */
  checks: string;
  /** Why it matters. */
  why: string;
  /** Messages users actually see: matched by `explain "<pasted line>"`. */
  symptoms: string[];
  /** Rules whose symptoms this rule shares ("as CG005" in the catalogue). */
  symptomsOf?: string[];
  fix: string;
  refs: string[];
}

export interface Evidence {
  path: string;
  line?: number;
  excerpt?: string;
}

export interface RawFinding {
  subject: string;
  message: string;
  evidence: Evidence[];
  /** The fix with this node's real values; the rule's generic fix when absent. */
  remediation?: string;
  /** Only for rules whose severity depends on what they found. */
  severity?: Severity;
  /** Fix text that holds only when another rule found something in the same scan ("remove the mkdir (CG002)"). */
  seeAlso?: Array<{ rule: string; text: string }>;
}

/** A rule can find nothing, find things, or say it could not look (and why). */
export type CheckResult = RawFinding[] | { skip: string };

type Needs<N extends FactName, W extends FactName> = { [K in N]: FactTypes[K] } & { [K in W]?: FactTypes[K] };

/** A tunable number of a rule (a threshold), with its catalogue default and what values make sense. */
export interface RuleOption {
  default: number;
  description: string;
  /** A count: fractions are refused. */
  integer?: boolean;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Another option of the same rule this one must not exceed (warnAt <= errorAt), checked after merging. */
  notAbove?: string;
}

/** What a check gets besides facts: its options, after the user's configuration. */
interface RuleContext {
  options: Record<string, number>;
  /** Why each wanted fact that is absent could not be read. */
  missing: Partial<Record<FactName, string>>;
  /** Facts given although incomplete (a cap cut them, a file was unreadable): only those in `tolerates`. */
  incomplete: ReadonlySet<FactName>;
}

export interface Rule<N extends FactName = FactName, W extends FactName = never> {
  id: string;
  name: string;
  severity: Severity;
  /** Facts without which the rule cannot run: a missing one skips the rule with its reason. */
  needs: readonly N[];
  /** Facts the rule uses when present. */
  wants?: readonly W[];
  /**
   * Facts the rule may use when incomplete: it reports what it saw and never concludes absence
   * from them (an empty cpuset found in a cut walk is still empty). Any other incomplete fact
   * skips the rule (a need) or is withheld from it (a want), with the reason.
   */
  tolerates?: readonly (N | W)[];
  docs: RuleDocs;
  /** Thresholds users may change in .cgdoctor.yaml or with --threshold. */
  options?: Record<string, RuleOption>;
  check(facts: Needs<N, W>, ctx: RuleContext): CheckResult;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules of many fact shapes; this is the common view the engine uses
export type AnyRule = Rule<any, any>;

export function defineRule<const N extends FactName, const W extends FactName = never>(rule: Rule<N, W>): Rule<N, W> {
  return rule;
}
