// Types for node-tree.mjs, which stays plain JavaScript because bench/gen-node.mjs runs it under
// node without a TypeScript step; the rule cases in test/rules/ use it through these.

export type Layout = 'v1' | 'hybrid' | 'v2';
export type Driver = 'systemd' | 'cgroupfs';

/** A v1 hierarchy: its id in /proc/<pid>/cgroup, its directory, key and mount options. */
export interface Hierarchy {
  id: number;
  dir: string;
  key: string;
  opts: string;
  list: string;
}

export const V1: Hierarchy[];
export const SYSTEMD_MANAGED: string[];
export const POD_A: string;
export const POD_B: string;
export const CID_A: string;
export const CID_B: string;

export interface CgroupOptions {
  /** Hierarchy keys the cgroup exists in ('all' by default; 'unified' for the v2 tree). */
  in?: 'all' | string[];
  procs?: number[];
  cpus?: string;
  mems?: string;
  subtree?: string;
  type?: string;
  cpusEffective?: string;
}

export interface ProcessOptions {
  /** The systemd unit's cgroup it runs in. */
  unit?: string;
  /** Its cgroup per hierarchy key, where it differs from where `unit` puts it. */
  at?: Record<string, string>;
  /** Lines for hierarchies the node does not mount, listed first as the kernel does. */
  extraLines?: string[];
}

export interface Process {
  pid: number;
  comm: string;
  argv: string[];
  unit: string;
  at: Record<string, string>;
  extraLines: string[];
}

export interface PodsOptions {
  scope?: string;
  except?: string[];
  podDirs?: boolean;
}

export class NodeTree {
  constructor(o: {
    layout: Layout;
    driver: Driver;
    cpus?: string;
    kubeletRoot?: string;
    hostname?: string;
    v1?: Hierarchy[];
    omit?: string[];
    disabled?: string[];
    counts?: Record<string, number>;
  });
  layout: Layout;
  driver: Driver;
  cpus: string;
  kubeletRoot: string;
  v1: Hierarchy[];
  processes: Process[];
  counts: Record<string, number>;
  /** nr_dying_descendants in the v2 root's cgroup.stat. */
  dying?: number;
  /** The root the cgroup mounts show, as inside a container. */
  mountRoot?: string;
  file(path: string, content: string | Uint8Array | { link: string }): this;
  drop(path: string): this;
  cgroup(path: string, o?: CgroupOptions): this;
  unitCgroup(path: string, procs?: number[]): this;
  pods(o?: PodsOptions): this;
  process(pid: number, comm: string, argv: string[], o?: ProcessOptions): this;
  mountLine(line: string): this;
  render(): Map<string, string | Uint8Array | { link: string }>;
}

export const KUBEADM_DROPIN: string;
export const KUBELET_UNIT: string;
export const CONTAINERD_UNIT: string;
export const DOCKER_UNIT: string;

export function containerdConfig(o: { version?: 2 | 3; systemdCgroup?: boolean; extraRuntimes?: string }): string;
export function kubeletConfig(fields: Record<string, string | number | boolean | string[]>): string;
export function kubeadmArgv(kubeadmArgs: string[], extra?: string[]): string[];
export function kubeadmKubelet(
  t: NodeTree,
  o?: {
    pid?: number;
    config?: Record<string, string | number | boolean | string[]>;
    kubeadmArgs?: string[];
    extraArgs?: string[];
    running?: boolean;
    unit?: string;
    at?: Record<string, string>;
  },
): NodeTree;
export function everywhereBut(t: NodeTree, except: string[], path: string): Record<string, string>;
export function kernel(t: NodeTree, o?: { release?: string; unset?: string[]; at?: 'boot' | 'modules' }): NodeTree;
export function kernelConfigText(release?: string, unset?: string[]): string;
export function managerStates(t: NodeTree, o?: { cpu?: string; memory?: string }): NodeTree;
export function systemdInit(t: NodeTree): NodeTree;
export function containerdRuntime(t: NodeTree, o?: { pid?: number; config?: string }): NodeTree;
export function dockerRuntime(t: NodeTree, o?: { pid?: number; daemonJson?: string; containerdPid?: number }): NodeTree;
export function sshd(t: NodeTree): NodeTree;

export function dpkgStatus(t: NodeTree, packages: [name: string, version: string, status?: string][]): NodeTree;
export function podAContainer(t: NodeTree, scope?: string): string;
export function jvmWorkload(t: NodeTree, o: { pid?: number; home?: string; release?: string; pod?: string; namespace?: string; container?: string }): NodeTree;
export function jdk8Release(update: number): string;
