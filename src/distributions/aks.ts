import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/** Azure/AgentBaker, which builds AKS node images and provisions AKS nodes (CSE scripts). */
const AB = 'https://github.com/Azure/AgentBaker/blob/06836ee2301e362039418c3a7ed0fe6004a641fd';

/**
 * An Azure Kubernetes Service node (Ubuntu or Azure Linux), provisioned by AgentBaker's CSE. The
 * kubelet is the `kubelet` binary of /etc/systemd/system/kubelet.service (/opt/bin/kubelet since
 * 2026-01, /usr/local/bin/kubelet before), whose ExecStart adds `$KUBELET_TLS_BOOTSTRAP_FLAGS
 * $KUBELET_CONFIG_FILE_FLAGS $KUBELET_CONTAINERD_FLAGS $KUBELET_CONTAINER_RUNTIME_FLAG
 * $KUBELET_CGROUP_FLAGS $KUBELET_FLAGS` to a few flags of its own. KUBELET_FLAGS and
 * KUBELET_NODE_LABELS are in the EnvironmentFile /etc/default/kubelet; the others in drop-ins
 * kubelet.service.d/10-*.conf: 10-componentconfig.conf passes `--config /etc/default/kubeletconfig.json`
 * when the kubelet config file is enabled (then the flags it translates, such as
 * --enforce-node-allocatable and --cgroups-per-qos, are in that JSON, not in KUBELET_FLAGS),
 * 10-cgroupv2.conf `--cgroup-driver=systemd` on cgroup v2 nodes (NEEDS_CGROUPV2), and
 * 10-containerd-base-flag.conf --container-runtime-endpoint and
 * --runtime-cgroups=/system.slice/containerd.service. The containerd config is written to
 * /etc/containerd/config.toml with `SystemdCgroup = true` when the node needs cgroup v2; for
 * containerd 2 (Ubuntu 24.04) it keeps `version = 2` but names the CRI plugins as version 3 does
 * (io.containerd.cri.v1.runtime).
 */
export const aks: Distribution = {
  id: 'aks',
  name: 'Azure Kubernetes Service',
  signals: [
    { path: 'opt/azure/containers/kubelet.sh', why: "AgentBaker's kubelet.service runs /opt/azure/containers/kubelet.sh before the kubelet" },
    { path: 'etc/default/kubeletconfig.json', why: "AgentBaker writes the kubelet's config file to /etc/default/kubeletconfig.json" },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: ['kubelet.service'],
    configs: ['etc/default/kubeletconfig.json'],
    configDirs: [],
    rootDir: 'var/lib/kubelet',
  },
  runtime: UPSTREAM_RUNTIME,
  sources: [
    `${AB}/parts/linux/cloud-init/artifacts/kubelet.service`,
    `${AB}/parts/linux/cloud-init/artifacts/cse_config.sh`,
    `${AB}/parts/linux/cloud-init/artifacts/cse_main.sh`,
    `${AB}/parts/linux/cloud-init/artifacts/containerd_exec_start.conf`,
    `${AB}/aks-node-controller/parser/templates/containerd_v2_no_GPU.toml.gtpl`,
    `${AB}/pkg/agent/utils.go`,
    'https://github.com/Azure/AgentBaker/tree/8bed512008a58cc18e2da539ccb3afd7471ecacf/pkg/agent/testdata/AKSUbuntu2404+NetworkPolicy',
    'https://github.com/Azure/AgentBaker/commit/d5d362164dd9763351f3de79e976943818be4603',
  ],
};
