import type { Host } from '../host/host.js';
import type { CollectContext, Fact, FactName, FactTypes } from './facts.js';
import type { ParseWarning } from './parse/diagnostic.js';
import { collectMounts } from './mounts.js';
import { collectProcCgroups, collectProcesses } from './processes.js';
import { collectUnits } from './units.js';
import { collectKubelet } from './kubelet.js';
import { collectRuntime } from './runtime.js';
import { collectCpuset, collectHierarchyRoots, collectMemoryDirs, collectPodCgroups, collectPresence, collectTriplets } from './cgroupfs.js';
import { collectUnified } from './unified.js';
import { collectContainerView, collectKataConfig, collectKernelConfig, collectKubeletState, collectKubeletVersion } from './node-files.js';
import type { ScanContext } from './facts.js';
import { present } from './facts.js';

/** One collector per fact. The Record type makes the compiler demand a collector for each. */
const COLLECTORS: { [K in FactName]: (ctx: CollectContext) => Fact<FactTypes[K]> } = {
  context: (ctx) => present(ctx.context),
  mounts: collectMounts,
  procCgroups: collectProcCgroups,
  processes: collectProcesses,
  units: collectUnits,
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
  kataConfig: collectKataConfig,
};

/**
 * Facts are collected lazily and once: a rule that is not run costs no I/O, and two rules
 * asking for the same fact share one read of the tree.
 */
export class FactStore implements CollectContext {
  readonly warnings: ParseWarning[] = [];
  /** Facts a cap cut short, and why. */
  readonly partials = new Map<FactName, string>();
  private readonly cache = new Map<FactName, Fact<unknown>>();
  private readonly inProgress = new Set<FactName>();

  readonly context: ScanContext;

  constructor(
    readonly host: Host,
    context: Partial<ScanContext> = {},
  ) {
    this.context = { label: host.label, live: false, ...context };
  }

  get<K extends FactName>(name: K): Fact<FactTypes[K]> {
    const hit = this.cache.get(name);
    if (hit) return hit as Fact<FactTypes[K]>;
    if (this.inProgress.has(name)) throw new Error(`fact "${name}" depends on itself`);
    this.inProgress.add(name);
    try {
      let fact: Fact<FactTypes[K]>;
      try {
        fact = COLLECTORS[name](this);
      } catch (err) {
        // A collector bug costs the rules that need this fact, not the whole scan.
        const message = `internal error collecting ${name}: ${(err as Error).message}`;
        this.warn({ path: name, message });
        fact = { ok: false, missing: message };
      }
      this.cache.set(name, fact);
      return fact;
    } finally {
      this.inProgress.delete(name);
    }
  }

  /** What vanished mid-scan, by kind. */
  readonly gone = new Map<string, number>();

  vanished = (kind: 'cgroups' | 'processes'): void => {
    this.gone.set(kind, (this.gone.get(kind) ?? 0) + 1);
  };

  partial = (fact: FactName, why: string): void => {
    this.partials.set(fact, why);
  };

  warn = (w: ParseWarning): void => {
    this.warnings.push(w);
  };
}
