import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/**
 * Talos Linux. Facts from siderolabs/talos at v1.11.5 (bc34de6e) unless noted:
 *
 * - no systemd: pid 1 is machined, exec'd as /sbin/init (internal/pkg/mount/switchroot), in the
 *   cgroup /init; cgroup v2 only (the v1 kernel parameter talos.unified_cgroup_hierarchy is gone:
 *   pkg/machinery/constants KernelParamCGroups);
 * - two containerds (internal/app/machined/pkg/system/services): the system one for Talos' own
 *   services (/bin/containerd --address /system/run/containerd/containerd.sock, no --config, so
 *   /etc/containerd/config.toml, whose disabled_plugins turn its CRI off: hack/containerd.toml), in
 *   /system/runtime; and the CRI one (/bin/containerd --address /run/containerd/containerd.sock
 *   --config /etc/cri/containerd.toml, version 3, importing /etc/cri/conf.d/cri.toml, the *.part
 *   files merged in name order by the CRIConfigParts controller; no SystemdCgroup: cgroupfs), in
 *   /podruntime/runtime;
 * - the kubelet is a container of the system containerd (namespace "system") sharing the host's
 *   pid namespace (services/kubelet.go oci.WithHostNamespace), so proc/ shows it as
 *   /usr/local/bin/kubelet (a path inside its image), in /podruntime/kubelet;
 * - its flags (controllers/k8s/kubelet_spec.go) name --config=/etc/kubernetes/kubelet.yaml, which
 *   machined writes from the KubeletSpec (controllers/k8s/kubelet_service.go writeConfig) and the
 *   container bind-mounts from the host's /etc/kubernetes: cgroupRoot "/", systemCgroups "/system",
 *   kubeletCgroups "/podruntime/kubelet" (cgroup.Path: nested under Talos' own cgroup when Talos
 *   runs in a container), no cgroupDriver (kubelet's cgroupfs), systemReserved but no reserved
 *   cgroup; the root dir is kubelet's default /var/lib/kubelet.
 *
 * What a node's files cannot show: the machine config (.machine.kubelet.extraArgs/extraConfig)
 * that produced these flags and this file lives in machined's state, not in a file the kubelet
 * reads, so the evidence is the generated file or command line; there are no units to read.
 */
export const talos: Distribution = {
  id: 'talos',
  name: 'Talos Linux',
  signals: [
    { path: 'etc/cri/containerd.toml', why: "Talos' CRI containerd config exists (constants.CRIContainerdConfig)" },
    { path: 'etc/kubernetes/kubeconfig-kubelet', why: "Talos' kubelet kubeconfig exists (constants.KubeletKubeconfig)" },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: [],
    configs: ['etc/kubernetes/kubelet.yaml'],
    configDirs: [],
    rootDir: 'var/lib/kubelet',
  },
  runtime: { ...UPSTREAM_RUNTIME, containerd: ['etc/cri/containerd.toml'] },
  sources: [
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/app/machined/pkg/controllers/k8s/kubelet_spec.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/app/machined/pkg/controllers/k8s/kubelet_service.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/app/machined/pkg/system/services/kubelet.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/app/machined/pkg/system/services/cri.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/app/machined/pkg/system/services/containerd.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/app/machined/pkg/controllers/files/cri_config_parts.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/pkg/machinery/constants/constants.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/internal/pkg/cgroup/cgroup.go',
    'https://github.com/siderolabs/talos/blob/v1.11.5/hack/containerd.toml',
    'https://github.com/siderolabs/talos/blob/v1.11.5/hack/cri-containerd.toml',
    'https://github.com/siderolabs/talos/blob/v1.11.5/hack/cri-plugin.part',
  ],
};
