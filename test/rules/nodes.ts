/**
 * Whole, healthy nodes for the rule cases (*.cases.ts): each case takes one and changes what its
 * scenario is about, so a full scan of it reports only that. The v1, hybrid and v2 nodes here are
 * the on-disk fixtures healthy-v1-systemd, healthy-hybrid and healthy-v2-systemd, built in memory.
 */
import {
  CONTAINERD_UNIT,
  NodeTree,
  POD_A,
  V1,
  SYSTEMD_MANAGED,
  containerdConfig,
  containerdRuntime,
  dockerRuntime,
  kernel,
  kubeadmKubelet,
  managerStates,
  sshd,
  systemdInit,
  type PodsOptions,
} from '../../scripts/node-tree.mjs';
import type { MemNode } from '../../src/host/mem-host.js';

export {
  CID_A,
  CID_B,
  NodeTree,
  POD_A,
  SYSTEMD_MANAGED,
  V1,
  containerdConfig,
  containerdRuntime,
  everywhereBut,
  kernel,
  kubeadmKubelet,
  kubeletConfig,
  managerStates,
  systemdInit,
} from '../../scripts/node-tree.mjs';

export type Tree = Record<string, MemNode>;

/** kubeadm-flags.env of a containerd node before kubelet 1.27 took the endpoint from its config. */
export const REMOTE = [
  '--container-runtime=remote',
  '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
  '--pod-infra-container-image=registry.k8s.io/pause:3.9',
];
/** kubeadm-flags.env of a dockershim node (kubelet up to 1.23). */
export const DOCKERSHIM = ['--container-runtime=docker', '--network-plugin=cni', '--pod-infra-container-image=k8s.gcr.io/pause:3.2'];
/** docker's daemon.json as most installs leave it: no exec-opts, so the cgroupfs driver. */
export const DAEMON_JSON = '{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "100m" },\n  "storage-driver": "overlay2"\n}\n';

/** The burstable pod's cgroup on a systemd-driver node. */
export const POD_A_SLICE = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_A.replaceAll('-', '_')}.slice`;
/** A third pod uid, for pods the node's two pods are not. */
export const POD_C = '5e1f0a2b-8c3d-4e5f-9a6b-7c8d9e0f1a2b';

type Settings = Record<string, string | number | boolean | string[]>;

export interface SystemdNodeOptions {
  layout?: 'v1' | 'hybrid';
  /** v1 hierarchies the node does not mount (keys of V1: 'perf_event', 'memory', ...). */
  omit?: string[];
  /** etc/containerd/config.toml; SystemdCgroup = true under config version 2 by default. */
  containerd?: string;
  kubelet?: {
    /** Fields of var/lib/kubelet/config.yaml besides cgroupDriver: systemd. */
    config?: Settings;
    /** KUBELET_KUBEADM_ARGS in var/lib/kubelet/kubeadm-flags.env (REMOTE by default). */
    kubeadmArgs?: string[];
    /** KUBELET_EXTRA_ARGS in etc/default/kubelet. */
    extraArgs?: string[];
    /** false: installed and configured, but not running (crash-looping). */
    running?: boolean;
    /** Where kubelet runs, per hierarchy key, when not only in its unit. */
    at?: Record<string, string>;
  };
  /** The two pods (false: none). */
  pods?: PodsOptions | false;
}

/**
 * A CentOS 7-style node: systemd, sshd, kubelet installed by kubeadm and containerd 1.6, both on
 * the systemd driver, two pods. cgroup v1 by default; hybrid is Ubuntu 20.04's layout.
 */
export function systemdNode(o: SystemdNodeOptions = {}): NodeTree {
  const t = new NodeTree({ layout: o.layout ?? 'v1', driver: 'systemd', ...(o.omit ? { omit: o.omit } : {}) });
  systemdInit(t);
  sshd(t);
  kernel(t);
  managerStates(t);
  containerdRuntime(t, { config: o.containerd ?? containerdConfig({ version: 2, systemdCgroup: true }) });
  const k = o.kubelet ?? {};
  kubeadmKubelet(t, {
    config: { cgroupDriver: 'systemd', ...(k.config ?? {}) },
    kubeadmArgs: k.kubeadmArgs ?? REMOTE,
    ...(k.extraArgs ? { extraArgs: k.extraArgs } : {}),
    ...(k.running === false ? { running: false } : {}),
    ...(k.at ? { at: k.at } : {}),
  });
  if (o.pods !== false) t.pods(o.pods ?? {});
  return t;
}

/**
 * An Ubuntu 24.04-style cgroup v2 node: kubelet and containerd 2.x (config version 3) on systemd.
 * `running: false` stops kubelet; `pods: false` leaves the node without pods (drained).
 */
export function v2Node(o: { kubelet?: Settings; running?: boolean; pods?: boolean } = {}): NodeTree {
  const t = new NodeTree({ layout: 'v2', driver: 'systemd' });
  systemdInit(t);
  sshd(t);
  kernel(t, { release: '6.8.0-45-generic' });
  managerStates(t);
  containerdRuntime(t, { config: containerdConfig({ version: 3, systemdCgroup: true }) });
  kubeadmKubelet(t, {
    config: { cgroupDriver: 'systemd', containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock', ...(o.kubelet ?? {}) },
    kubeadmArgs: ['--pod-infra-container-image=registry.k8s.io/pause:3.10'],
    ...(o.running === false ? { running: false } : {}),
  });
  return o.pods === false ? t : t.pods();
}

/** An Ubuntu 18.04-style v1 node on the cgroupfs driver: kubelet with dockershim, no sshd. */
export function dockershimNode(o: { kubeadmArgs?: string[] } = {}): NodeTree {
  const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs' });
  systemdInit(t);
  kernel(t);
  managerStates(t);
  dockerRuntime(t, { daemonJson: DAEMON_JSON });
  kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: o.kubeadmArgs ?? DOCKERSHIM });
  return t.pods({ scope: 'docker' });
}

/** A v1 node on the cgroupfs driver with containerd and no sshd, minus hierarchies the kernel disabled. */
export function cgroupfsNode(o: { omit?: string[]; disabled?: string[]; release?: string } = {}): NodeTree {
  const t = new NodeTree({ layout: 'v1', driver: 'cgroupfs', ...(o.omit ? { omit: o.omit } : {}), ...(o.disabled ? { disabled: o.disabled } : {}) });
  systemdInit(t);
  kernel(t, o.release ? { release: o.release } : {});
  managerStates(t);
  containerdRuntime(t, { config: containerdConfig({ version: 2, systemdCgroup: false }) });
  kubeadmKubelet(t, { config: { cgroupDriver: 'cgroupfs' }, kubeadmArgs: REMOTE });
  return t.pods();
}

/** Every v1 hierarchy (not the unified one), for a cgroup made by hand in each of them. */
export const V1_KEYS = V1.map((h) => h.key);

/** Every hierarchy systemd puts a unit in, and the unified one. */
export const SYSTEMD_KEYS = [...SYSTEMD_MANAGED, 'unified'];

/** `n` leaked sandbox shm mounts, as containerd#5113 describes, with stable fake ids. */
export function leakedShm(t: NodeTree, n: number): NodeTree {
  for (let i = 0; i < n; i++) {
    const id = (BigInt(i + 1) * 0x9e3779b97f4a7c15n).toString(16).padStart(16, '0').repeat(4).slice(0, 64);
    t.mountLine(
      `${5000 + i} 27 0:${600 + (i % 300)} / /run/containerd/io.containerd.grpc.v1.cri/sandboxes/${id}/shm rw,nosuid,nodev,noexec,relatime shared:${900 + i} - tmpfs shm rw,size=65536k`,
    );
  }
  return t;
}

/** containerd's unit as old distribution packages shipped it. */
export const CONTAINERD_UNIT_NO_DELEGATE = CONTAINERD_UNIT.replace('Delegate=yes\n', '');

/** A node as a tree in memory, for MemHost. */
export function toTree(t: NodeTree | Tree): Tree {
  return t instanceof NodeTree ? Object.fromEntries(t.render()) : t;
}
