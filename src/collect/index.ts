import type { Denial, Host, ReadFail } from '../host/host.js';
import { describeFailure, normalizePath } from '../host/host.js';
import { AuditedHost } from '../host/audited-host.js';
import type { CollectContext, Fact, FactName, FactTypes } from './facts.js';
import type { ParseWarning } from './parse/diagnostic.js';
import { collectMounts } from './mounts.js';
import { collectProcCgroups, collectProcesses } from './processes.js';
import { collectUnits } from './units.js';
import { collectExecPaths } from './exec-paths.js';
import { collectKubelet } from './kubelet.js';
import { collectRuntime } from './runtime.js';
import { collectCpuset, collectHierarchyRoots, collectMemoryDirs, collectPodCgroups, collectPresence, collectTriplets } from './cgroupfs.js';
import { collectUnified } from './unified.js';
import { collectUnmounted } from './unmounted.js';
import { collectDistribution } from './distribution.js';
import { collectComponentVersions, collectPackages, collectBootArgs, collectWorkloadProcesses } from './versions.js';
import { collectContainerView, collectKataConfig, collectKernelConfig, collectKubeletState, collectKubeletVersion, collectNode } from './node-files.js';
import type { ScanContext } from './facts.js';
import { UnknownValue, present } from './facts.js';
import { rethrowMissing } from '../libs.js';

/** One collector per fact. The Record type makes the compiler demand a collector for each. */
const COLLECTORS: { [K in FactName]: (ctx: CollectContext) => Fact<FactTypes[K]> } = {
  context: (ctx) => present(ctx.context),
  node: collectNode,
  distribution: collectDistribution,
  mounts: collectMounts,
  procCgroups: collectProcCgroups,
  processes: collectProcesses,
  units: collectUnits,
  execPaths: collectExecPaths,
  kubelet: collectKubelet,
  runtime: collectRuntime,
  cpuset: collectCpuset,
  presence: collectPresence,
  tripletCgroups: collectTriplets,
  hierarchyRoots: collectHierarchyRoots,
  unified: collectUnified,
  memoryCgroupDirs: collectMemoryDirs,
  kubeletState: collectKubeletState,
  kernelConfig: collectKernelConfig,
  podCgroups: collectPodCgroups,
  kubeletVersion: collectKubeletVersion,
  containerView: collectContainerView,
  unmountedHierarchies: collectUnmounted,
  kataConfig: collectKataConfig,
  packages: collectPackages,
  componentVersions: collectComponentVersions,
  workloadProcesses: collectWorkloadProcesses,
  bootArgs: collectBootArgs,
};

const UNREADABLE = 'could not read ';

/**
 * Facts are collected lazily and once: a rule that is not run costs no I/O, and two rules
 * asking for the same fact share one read of the tree.
 *
 * The store also keeps the scan honest. Every read goes through an AuditedHost, so a file that
 * exists but cannot be read (permission denied, an I/O error) is named in a warning and marks
 * the facts being collected at that moment, and every fact built on them, as incomplete; so do
 * the safety caps. The engine skips a rule that needs an incomplete fact, with the reason,
 * instead of letting it conclude from a file it never saw.
 */
export class FactStore implements CollectContext {
  readonly warnings: ParseWarning[] = [];
  /** Facts that rest on something unread (a cap, an unreadable file), with why, in the order met. */
  readonly incomplete = new Map<FactName, string[]>();
  /** Paths that exist but could not be read, with why. */
  readonly unreadable = new Map<string, string>();
  private readonly cache = new Map<FactName, Fact<unknown>>();
  /** The facts being collected right now, outermost first: a gap belongs to all of them. */
  private readonly stack: FactName[] = [];

  readonly context: ScanContext;
  readonly host: Host;

  constructor(
    readonly source: Host,
    context: Partial<ScanContext> = {},
  ) {
    this.host = new AuditedHost(
      source,
      (path, failure, options) => this.onUnreadable(path, failure, options?.denial ?? 'gap'),
      (path) => this.markStack(`${normalizePath(path)} was cut at --max-file-bytes`),
    );
    this.context = { label: source.label, live: false, ...context };
  }

  private readonly listed = new Map<string, string[]>();

  subdirs = (dir: string): { ok: true; names: readonly string[] } | ReadFail => {
    const hit = this.listed.get(dir);
    if (hit) return { ok: true, names: hit };
    const r = this.host.listing(dir);
    if (!r.ok) return r;
    const names = r.entries.filter((e) => e.type === 'dir').map((e) => e.name);
    this.listed.set(dir, names);
    return { ok: true, names };
  };

  get<K extends FactName>(name: K): Fact<FactTypes[K]> {
    const hit = this.cache.get(name);
    if (hit) {
      // A fact built on an incomplete one is incomplete too, however late it asks.
      for (const why of this.incomplete.get(name) ?? []) this.markStack(why);
      return hit as Fact<FactTypes[K]>;
    }
    if (this.stack.includes(name)) throw new Error(`fact "${name}" depends on itself`);
    this.stack.push(name);
    try {
      let fact: Fact<FactTypes[K]>;
      try {
        fact = COLLECTORS[name](this);
      } catch (err) {
        rethrowMissing(err);
        if (err instanceof UnknownValue) {
          // A value no file could tell makes the fact built on it unknown too, for the same reason.
          fact = { ok: false, missing: err.message };
        } else {
          // A collector bug costs the rules that need this fact, not the whole scan.
          const message = `internal error collecting ${name}: ${(err as Error).message}`;
          this.warn({ path: name, message });
          fact = { ok: false, missing: message };
        }
      }
      this.cache.set(name, fact);
      return fact;
    } finally {
      this.stack.pop();
    }
  }

  untracked = <T>(fn: () => T): T => {
    const saved = this.stack.splice(0);
    try {
      return fn();
    } finally {
      this.stack.push(...saved);
    }
  };

  private mark(fact: FactName, why: string): void {
    const list = this.incomplete.get(fact) ?? [];
    if (!list.includes(why)) list.push(why);
    this.incomplete.set(fact, list);
  }

  private markStack(why: string): void {
    for (const f of this.stack) this.mark(f, why);
  }

  /** Whether an incompleteness reason is an unreadable file (named in its own warning) rather than a cap. */
  isUnreadableReason(why: string): boolean {
    return why.startsWith(UNREADABLE);
  }

  private onUnreadable(path: string, failure: ReadFail, denial: Denial): void {
    if (denial === 'quiet') return;
    const why = `${UNREADABLE}${normalizePath(path)}: ${describeFailure(failure)}`;
    if (!this.unreadable.has(path)) this.unreadable.set(path, why);
    if (denial === 'gap') this.markStack(why);
  }

  /** What vanished mid-scan, by kind. */
  readonly gone = new Map<string, number>();

  vanished = (kind: 'cgroups' | 'processes'): void => {
    this.gone.set(kind, (this.gone.get(kind) ?? 0) + 1);
  };

  partial = (fact: FactName, why: string): void => {
    this.mark(fact, why);
    this.markStack(why);
  };

  warn = (w: ParseWarning): void => {
    this.warnings.push(w);
  };
}
