import type { Host, ReadFail } from '../host/host.js';
import type { ParseWarning, Source } from './parse/diagnostic.js';
import type { Version } from './parse/version.js';
import type { ComponentId } from '../distributions/components.js';
import type { Mount } from './parse/mountinfo.js';
import type { PathKind } from './parse/exec-command.js';
import type { ProcCgroup } from './parse/proc-cgroup.js';
import type { ProcCgroups } from './parse/proc-cgroups.js';
import type { UnitFile } from './parse/systemd-unit.js';
import type { Flag } from './parse/kubelet-flags.js';
import type { DriverSetting } from './parse/runtime-config.js';
import type { Distribution } from '../distributions/index.js';

/** A fact, or the reason it could not be read. A missing fact skips the rules that need it. */
export type Fact<T> = { ok: true; value: T } | { ok: false; missing: string };

export const present = <T>(value: T): Fact<T> => ({ ok: true, value });
export const missing = <T = never>(reason: string): Fact<T> => ({ ok: false, missing: reason });

/**
 * Thrown when a rule reads a value that no file could tell (its config did not parse, or could
 * not be read): the engine skips the rule with this reason instead of letting a default stand
 * in for the node's real setting.
 */
export class UnknownValue extends Error {
  override name = 'UnknownValue';
}

export type Layout = 'v1' | 'v2' | 'hybrid' | 'unknown';

/** A mounted cgroup hierarchy: one v1 controller set, a named v1 hierarchy, or the unified tree. */
export interface Hierarchy {
  version: 1 | 2;
  /** How users name it: `cpu,cpuacct`, `name=systemd`, `unified`. */
  key: string;
  controllers: string[];
  name?: string;
  /** Root-relative directory of the chosen mount (the shortest mountpoint, as kubelet picks). */
  dir: string;
  mount: Mount;
  /** Every mount of this hierarchy, for the controller-mounted-twice check. */
  mounts: Mount[];
}

export interface MountFacts {
  path: string;
  /** Whose view the table is, in words for the report. */
  whose: string;
  lineCount: number;
  /** The most repeated `fstype source` pairs and mountpoint shapes, for mountinfo bloat. */
  topSources: Array<{ key: string; count: number }>;
  topTargets: Array<{ key: string; count: number }>;
  cgroupMounts: Mount[];
  hierarchies: Hierarchy[];
  layout: Layout;
}

/** `signal`: a process read only because it tells a distribution apart. */
export type Role = 'init' | 'kubelet' | 'containerd' | 'dockerd' | 'crio' | 'signal' | 'workload';

export interface ProcessInfo {
  pid: number;
  comm: string;
  role: Role;
  cmdline?: string[];
  cmdlinePath: string;
  cgroup?: ProcCgroup;
}

export interface Processes {
  count: number;
  init?: ProcessInfo;
  /** The process the kubelet runs in: a kubelet binary, or a program that embeds one (k3s, kubelite). */
  kubelet?: ProcessInfo;
  /** Every process that could be it, by pid: a node has one; more are named in the report. */
  kubelets: ProcessInfo[];
  runtimes: ProcessInfo[];
  signals: ProcessInfo[];
  /** Processes of workload runtimes whose cgroup v2 support depends on their version (distributions/components.ts). */
  workloads: ProcessInfo[];
  /** proc/self/cgroup: the scanner's own view (or the capturing process's, in a capture). */
  self?: ProcCgroup;
  /** Whether systemd is the init system, and what showed it (runc's test is run/systemd/system). */
  systemd: { running: boolean; why: string };
}

export interface Unit {
  name: string;
  /** Main file first, then drop-ins in the order systemd applies them. */
  files: UnitFile[];
}

export interface UnitFacts {
  units: Map<string, Unit>;
  searched: string[];
}

/** What the tree holds at each path the units' ExecStartPre= conditions test (`[ -f X ] || mkdir ...`). */
export interface ExecPaths {
  kinds: Map<string, PathKind>;
}

/** A kubelet setting with where it was decided: a flag, the config file, or the default. */
export interface Setting<T> {
  value: T;
  origin: 'flag' | 'config' | 'default';
  /** `--cgroup-driver` or `cgroupDriver`, as the user wrote it. */
  key: string;
  source?: Source;
}

export interface KubeletSettings {
  cgroupDriver: Setting<string>;
  cgroupRoot: Setting<string>;
  cgroupsPerQOS: Setting<boolean>;
  kubeletCgroups: Setting<string>;
  runtimeCgroups: Setting<string>;
  systemCgroups: Setting<string>;
  kubeReservedCgroup: Setting<string>;
  systemReservedCgroup: Setting<string>;
  enforceNodeAllocatable: Setting<string[]>;
  cpuManagerPolicy: Setting<string>;
  memoryManagerPolicy: Setting<string>;
  failCgroupV1: Setting<boolean>;
  containerRuntimeEndpoint: Setting<string>;
  dockerOnly: Setting<boolean>;
  containerRuntime: Setting<string>;
  rootDir: Setting<string>;
  featureGates: Setting<Record<string, boolean>>;
}

export interface KubeletFacts {
  /** The running kubelet process, when proc/ has one. */
  process?: ProcessInfo;
  /** Where the flags came from: the live cmdline, the systemd unit, or nowhere. */
  flagsFrom: 'cmdline' | 'unit' | 'none';
  flags: Map<string, Flag>;
  /** The flags the distribution passes itself (k0s's --runtime-cgroups): values no operator chose. */
  ownFlags: Map<string, Flag>;
  /** The kubelet runs inside another program (k3s, kubelite): its flags are that program's to pass. */
  embedded: boolean;
  /** The systemd unit it runs in, or whose ExecStart= its flags came from. */
  unit?: string;
  configPath?: string;
  /** --config-dir and the drop-ins read from it, in the order they apply. */
  configDir?: string;
  dropins?: string[];
  /**
   * The settings; one listed in `unknown` throws UnknownValue when read (its source could not be
   * read or parsed), so no rule can mistake kubelet's default for the node's value.
   */
  settings: KubeletSettings;
  /** Settings no file could tell, with why. */
  unknown: Partial<Record<keyof KubeletSettings, string>>;
}

export interface RuntimeInfo {
  name: 'containerd' | 'docker' | 'crio';
  /** The main config file it was read from (or would be: it may not exist). */
  config: string;
  process?: ProcessInfo;
  /** Throws UnknownValue when `driverUnknown` is set: no file could tell it. */
  driver: DriverSetting;
  driverUnknown?: string;
  /** containerd runtimes (runc, kata, runsc) for the sandboxed-runtime checks. */
  containerdRuntimes?: Array<{ name: string; type?: string; systemdCgroup?: boolean }>;
  /** containerd's config `version` (3 means containerd 2.x). */
  configVersion?: number;
  /** containerd only: whether its CRI plugin runs (dockerd's own containerd has it off). */
  cri?: boolean;
}

export interface RuntimeFacts {
  /** The runtime kubelet talks to, when it can be told. */
  active?: RuntimeInfo;
  why: string;
  all: RuntimeInfo[];
}

export interface CpusetCgroup {
  /** Path inside the hierarchy, `/system.slice/kubelet.service`. */
  path: string;
  /** Root-relative directory. */
  dir: string;
  empty: Array<'cpuset.cpus' | 'cpuset.mems'>;
  procs: number;
}

export interface CpusetFacts {
  hierarchy: Hierarchy;
  walked: number;
  empty: CpusetCgroup[];
}

interface Presence {
  present: string[];
  missing: string[];
}

export interface CgroupPresence {
  /** Hierarchies consulted, as kubelet's existence check does (cpu, cpuacct, cpuset, memory, pids, systemd, hugetlb). */
  checked: Hierarchy[];
  paths: Map<string, Presence>;
}

export interface TripletCgroup {
  name: string;
  parent: string;
  dirs: string[];
}

/** How the scan was asked for: a live root (`/`) or a tree, and what the user told it. */
export interface ScanContext {
  label: string;
  live: boolean;
  kubeletVersion?: string;
  /** `scan --target v2`: the migration to cgroup v2 is planned, so what blocks it is an error. */
  target?: 'v2';
  /** Safety caps: past them the work stops and the report says which facts are partial. */
  maxCgroups?: number;
  maxMountLines?: number;
  /** The effective uid the scan ran as, when it read a directory (a capture says its own). */
  uid?: number;
  /** Called now and then during long work, for a progress line. */
  onProgress?: (phase: string, count: number) => void;
}

/** The directories at the root of each mounted hierarchy. */
export interface HierarchyRoot {
  hierarchy: Hierarchy;
  children: string[];
}

/** A cgroup of the unified tree on the path kubelet uses, with the control files rules read. */
export interface V2Cgroup {
  /** root; path (the pods root and its ancestors); qos; pod; system (kubelet's and the runtime's). */
  role: 'root' | 'path' | 'qos' | 'pod' | 'system';
  path: string;
  dir: string;
  controllers: string[];
  /** Undefined on a pod cgroup with no processes, where no rule needs it (it is not read). */
  subtreeControl?: string[];
  type?: string;
  procs: number;
  /** Undefined on a pod cgroup with no processes, like subtreeControl (it is not listed). */
  children?: string[];
  /**
   * Undefined when the file is absent (cpuset not enabled there), and on a pod cgroup whose
   * parent's is not empty, since it then cannot be either (it is not read).
   */
  cpusEffective?: string;
  memsEffective?: string;
}

export interface UnifiedFacts {
  hierarchy: Hierarchy;
  root: V2Cgroup;
  stat: Record<string, number>;
  /** Root, pods root, QoS cgroups, pod cgroups, then the system cgroups kubelet and the runtime use. */
  cgroups: V2Cgroup[];
  podsRoot: string;
}

export interface ManagerState {
  path: string;
  policyName?: string;
  line?: number;
}

export interface KubeletState {
  dir: string;
  cpu?: ManagerState;
  memory?: ManagerState;
}

export interface KernelConfig {
  path: string;
  release?: string;
  /** CONFIG_X without the prefix -> y, m or n ("is not set"). */
  options: Map<string, string>;
}

export interface PodCgroup {
  uid: string;
  path: string;
  dir: string;
}

export interface PodCgroups {
  hierarchy: Hierarchy;
  pods: PodCgroup[];
  /** Pod directories under the kubelet root dir, when that dir exists. */
  kubeletPods?: { dir: string; uids: Set<string> };
}

export interface KubeletVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
  source: Source;
}

export interface ContainerView {
  /** Namespace evidence that the scanner sees a container, each with the file that shows it. */
  evidence: Array<{ why: string; path: string; line?: number; excerpt: string }>;
  /** Marker files: hints only, since VM images often carry them. */
  hints: string[];
  /** Whether any namespace evidence could be read at all (ns links, or the scanner's own table). */
  nsReadable: boolean;
  ns: Partial<Record<'pid' | 'cgroup' | 'mnt', { self?: string; init?: string }>>;
}

/** A v1 hierarchy the kernel still lists in /proc/<pid>/cgroup though nothing mounts it. */
export interface UnmountedHierarchy {
  /** Its unmounted keys as users name them: `name=cpu_mirror`, `perf_event`. */
  key: string;
  /** The mount table it is missing from. */
  table: string;
  keys: string[];
  /** The well-known processes whose files list it (pid 1, kubelet, the runtimes, the scanner). */
  listed: Array<{ who: string; path: string; line: number; excerpt: string }>;
  /** Processes below its root: what keeps it alive (the first 50). */
  pinned: Array<{ pid: number; comm: string; cgroup: string; path: string; line: number; excerpt: string }>;
  pinnedCount: number;
  /** How many /proc/<pid>/cgroup files were read for pins, and how many could not be. */
  scanned: number;
  unreadable: number;
}

/** The distribution the node was recognised as, its layout (where things live), and what showed it. */
export interface DistributionFact {
  layout: Distribution;
  why: string;
}

export interface NodeIdentity {
  name?: string;
  nameFrom?: string;
  kernel?: string;
  os?: string;
}

/** Where a version was read: a file and what it said, and which kind of record it is. */
export interface VersionSource extends Source {
  excerpt: string;
  how: 'binary' | 'package' | 'file name' | 'file' | 'kubelet version';
}

/** A component cgroup v2 depends on (distributions/components.ts), and its version when the node tells it. */
export interface ComponentVersion {
  id: ComponentId;
  name: string;
  /** Installed or running: a binary, a package or a process shows it. */
  present: boolean;
  version?: Version;
  source?: VersionSource;
  /** Present, version unknown: what was tried, for the report. */
  unknown?: string;
  /** Present, version unknown: the files that show it is there, for the evidence. */
  seen?: string[];
}

/** Installed packages whose files are on disk, by name. */
export interface InstalledPackages {
  /** Version as the package manager shows it (`1.6.20~ds1-1+deb12u3`, `1:1.1.9-1.el9`); `line` in a text database, `record` in a binary one. */
  byName: Map<string, InstalledPackage>;
  /** Databases that are there but could not be read, with why. */
  unreadable: string[];
}

export interface InstalledPackage {
  name: string;
  version: string;
  path: string;
  line?: number;
  record?: string;
}

/** A process of a workload whose runtime (distributions/components.ts WORKLOAD_RUNTIMES) has a version. */
export interface WorkloadProcess {
  pid: number;
  comm: string;
  runtime: string;
  /** Its binary, as its mount namespace names it. */
  exe?: string;
  version?: Version;
  source?: VersionSource;
  unknown?: string;
  cgroup?: string;
  pod?: string;
  container?: string;
}

/** Every fact a rule can ask for. A Record over this keeps collectors and rules in step. */
export interface FactTypes {
  context: ScanContext;
  node: NodeIdentity;
  distribution: DistributionFact;
  mounts: MountFacts;
  procCgroups: ProcCgroups;
  processes: Processes;
  units: UnitFacts;
  execPaths: ExecPaths;
  kubelet: KubeletFacts;
  kubeletVersion: KubeletVersion;
  runtime: RuntimeFacts;
  cpuset: CpusetFacts;
  presence: CgroupPresence;
  tripletCgroups: TripletCgroup[];
  hierarchyRoots: HierarchyRoot[];
  unified: UnifiedFacts;
  memoryCgroupDirs: number;
  kubeletState: KubeletState;
  kernelConfig: KernelConfig;
  podCgroups: PodCgroups;
  containerView: ContainerView;
  unmountedHierarchies: UnmountedHierarchy[];
  kataConfig: Array<{ path: string; sandboxCgroupOnly?: boolean; line?: number }>;
  packages: InstalledPackages;
  componentVersions: ComponentVersion[];
  workloadProcesses: WorkloadProcess[];
  bootArgs: BootArgs;
}

/** The kernel command line the node booted with (proc/cmdline): what the move to v2 changes. */
export interface BootArgs {
  path: string;
  text: string;
  /** `name=value` and bare words, in order; a repeated name keeps its last value, as the kernel does. */
  args: Map<string, string | true>;
}

export type FactName = keyof FactTypes;

export interface CollectContext {
  host: Host;
  context: ScanContext;
  /** Records that a fact saw only part of the node (a cap cut the work), and why. */
  partial(fact: FactName, why: string): void;
  /** Counts what vanished between being listed and being read: a live node changes as it is read. */
  vanished(kind: 'cgroups' | 'processes'): void;
  get<K extends FactName>(name: K): Fact<FactTypes[K]>;
  /**
   * The child directories of a directory, listed once per scan: the walks of the cgroup tree
   * (CG011's three levels of every hierarchy, CG020's count of the memory cgroups) list the same
   * directories, and on a node with 65,000 memory cgroups a listing each is most of the scan.
   * Only a listing that worked is kept: a failed one is asked again, so each fact that meets it
   * is marked by it.
   */
  subdirs(dir: string): { ok: true; names: readonly string[] } | ReadFail;
  /**
   * Runs work whose gaps do not make the fact being collected incomplete: reads that only
   * decorate it (the unit line a running kubelet's flag came from) and never decide a value.
   */
  untracked<T>(fn: () => T): T;
  warn(w: ParseWarning): void;
}
