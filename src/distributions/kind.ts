import { UPSTREAM_RUNTIME, kubeadm } from './kubeadm.js';
import type { Distribution } from './types.js';

/**
 * A kind node: a container (Docker, Podman or nerdctl) running systemd, with kubeadm's kubelet
 * layout inside it, so a scan of its `/` is a container's view and a fixture is a capture of the
 * node container's root.
 *
 * - kubelet.service (`ExecStart=/usr/bin/kubelet`, `Slice=kubelet.slice`, ConditionPathExists=
 *   /var/lib/kubelet/config.yaml) and the kubeadm drop-in 10-kubeadm.conf, both in
 *   /etc/systemd/system (images/base/files/etc/systemd/system/); 11-kind.conf adds ExecStartPre=
 *   lines that make /kubelet and /kubelet.slice on cgroup v2 (kind/bin/create-kubelet-cgroup-v2.sh)
 *   and /sys/fs/cgroup/systemd/kubelet on v1. /etc/default/kubelet passes
 *   `--runtime-cgroups=/system.slice/containerd.service`.
 * - kubeadm writes /var/lib/kubelet/config.yaml from kind's KubeletConfiguration:
 *   `cgroupDriver: systemd` (cgroupfs for Kubernetes < 1.24) and `cgroupRoot: /kubelet`, so pods
 *   live under /kubelet.slice/kubelet-kubepods.slice (pkg/cluster/internal/kubeadm/config.go).
 * - containerd at /usr/local/bin/containerd reads /etc/containerd/config.toml (schema version 2,
 *   `SystemdCgroup = true` for runc), upstream's path.
 *
 * Recognised by kind's own directory: /kind/version (written by `kind build node-image`,
 * pkg/build/nodeimage/const.go) and /kind/kubeadm.conf (written when the cluster is created,
 * pkg/cluster/internal/create/actions/config/config.go).
 */
export const kind: Distribution = {
  id: 'kind',
  name: 'kind',
  signals: [
    { path: 'kind/version', why: "kind's node image records its Kubernetes version here" },
    { path: 'kind/kubeadm.conf', why: 'kind wrote the kubeadm config of this node here' },
  ],
  kubelet: kubeadm.kubelet,
  runtime: UPSTREAM_RUNTIME,
  sources: [
    'https://github.com/kubernetes-sigs/kind/tree/9a205e8c8540557602240f8766d3c95c51c23c4c/images/base/files/etc/systemd/system',
    'https://github.com/kubernetes-sigs/kind/blob/9a205e8c8540557602240f8766d3c95c51c23c4c/images/base/files/etc/default/kubelet',
    'https://github.com/kubernetes-sigs/kind/blob/9a205e8c8540557602240f8766d3c95c51c23c4c/images/base/files/etc/containerd/config.toml',
    'https://github.com/kubernetes-sigs/kind/blob/9a205e8c8540557602240f8766d3c95c51c23c4c/images/base/files/kind/bin/create-kubelet-cgroup-v2.sh',
    'https://github.com/kubernetes-sigs/kind/blob/9a205e8c8540557602240f8766d3c95c51c23c4c/pkg/cluster/internal/kubeadm/config.go',
    'https://github.com/kubernetes-sigs/kind/blob/9a205e8c8540557602240f8766d3c95c51c23c4c/pkg/build/nodeimage/const.go',
  ],
};
