import { UPSTREAM_RUNTIME, kubeadm } from './kubeadm.js';
import type { Distribution } from './types.js';

/**
 * A minikube node: its ISO in a VM, its kicbase image as a container (docker and podman
 * drivers; a scan of its `/` is then a container's view), or the host itself (none, ssh), set up
 * by kubeadm from /var/tmp/minikube/kubeadm.yaml.
 *
 * - minikube writes /lib/systemd/system/kubelet.service and the drop-in
 *   /etc/systemd/system/kubelet.service.d/10-kubeadm.conf, whose ExecStart= runs
 *   /var/lib/minikube/binaries/<version>/kubelet with `--config=/var/lib/kubelet/config.yaml`
 *   among its flags (pkg/minikube/bootstrapper/bsutil/files.go, ktmpl/kubelet.go, versions.go).
 * - The KubeletConfiguration in kubeadm.yaml, which kubeadm copies to /var/lib/kubelet/config.yaml,
 *   sets `cgroupDriver` to what the runtime reports and, from Kubernetes 1.27,
 *   `containerRuntimeEndpoint` (bsutil/kubeadm.go, ktmpl/v1beta4.go). The driver minikube gives the
 *   runtime is cgroupfs in its VM and on ssh hosts, and otherwise the host's: systemd on cgroup v2,
 *   cgroupfs on v1, or systemd with --force-systemd (pkg/minikube/node/start.go, detect/detect.go).
 * - The runtime is docker through cri-dockerd (the default; /etc/docker/daemon.json with
 *   `native.cgroupdriver`), containerd (/etc/containerd/config.toml, `SystemdCgroup`), or CRI-O
 *   (/etc/crio/crio.conf.d/02-crio.conf, `cgroup_manager`; /etc/crio/crio.conf before minikube 1.26):
 *   upstream's paths (pkg/minikube/cruntime/{docker,containerd,crio}.go).
 *
 * Recognised by the files only minikube puts on a node: its kubeadm config and its binaries.
 */
export const minikube: Distribution = {
  id: 'minikube',
  name: 'minikube',
  signals: [
    { path: 'var/tmp/minikube/kubeadm.yaml', why: 'minikube wrote the kubeadm config of this node here' },
    { path: 'var/lib/minikube/binaries', why: 'minikube keeps the Kubernetes binaries it runs here' },
  ],
  kubelet: kubeadm.kubelet,
  runtime: UPSTREAM_RUNTIME,
  sources: [
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/bootstrapper/bsutil/files.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/bootstrapper/bsutil/ktmpl/kubelet.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/bootstrapper/bsutil/kubeadm.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/bootstrapper/bsutil/ktmpl/v1beta4.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/node/start.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/cruntime/docker.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/cruntime/containerd.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/cruntime/crio.go',
    'https://github.com/kubernetes/minikube/blob/f8f52f5de11fc6ad8244afac475e1d0f96841df1/pkg/minikube/constants/constants.go',
  ],
};
