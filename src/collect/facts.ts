import type { Host } from '../host/host.js';
import type { ParseWarning, Source } from './parse/diagnostic.js';
import type { Mount } from './parse/mountinfo.js';
import type { ProcCgroup } from './parse/proc-cgroup.js';
import type { ProcCgroups } from './parse/proc-cgroups.js';
import type { UnitFile } from './parse/systemd-unit.js';
import type { Flag } from './parse/kubelet-flags.js';
import type { DriverSetting } from './parse/runtime-config.js';

/** A fact, or the reason it could not be read. A missing fact skips the rules that need it. */
export type Fact<T> = { ok: true; value: T } | { ok: false; missing: string };

export const present = <T>(value: T): Fact<T> => ({ ok: true, value });
export const missing = <T = never>(reason: string): Fact<T> => ({ ok: false, missing: reason });

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
  lineCount: number;
  cgroupMounts: Mount[];
  hierarchies: Hierarchy[];
  layout: Layout;
}

export type Role = 'init' | 'kubelet' | 'containerd' | 'dockerd' | 'crio';

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
  kubelet?: ProcessInfo;
  runtimes: ProcessInfo[];
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
}

export interface KubeletFacts {
  /** The running kubelet process, when proc/ has one. */
  process?: ProcessInfo;
  /** Where the flags came from: the live cmdline, the systemd unit, or nowhere. */
  flagsFrom: 'cmdline' | 'unit' | 'none';
  flags: Map<string, Flag>;
  configPath?: string;
  settings: KubeletSettings;
}

export interface RuntimeInfo {
  name: 'containerd' | 'docker' | 'crio';
  process?: ProcessInfo;
  driver: DriverSetting;
  /** containerd runtimes (runc, kata, runsc) for the sandboxed-runtime checks. */
  containerdRuntimes?: Array<{ name: string; type?: string; systemdCgroup?: boolean }>;
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

export interface Presence {
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

/** Every fact a rule can ask for. A Record over this keeps collectors and rules in step. */
export interface FactTypes {
  mounts: MountFacts;
  procCgroups: ProcCgroups;
  processes: Processes;
  units: UnitFacts;
  kubelet: KubeletFacts;
  runtime: RuntimeFacts;
  cpuset: CpusetFacts;
  presence: CgroupPresence;
  tripletCgroups: TripletCgroup[];
}

export type FactName = keyof FactTypes;

export interface CollectContext {
  host: Host;
  get<K extends FactName>(name: K): Fact<FactTypes[K]>;
  warn(w: ParseWarning): void;
}
