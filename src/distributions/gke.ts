import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/** GCE's node setup (the open-source form of GKE's), last stored in kubernetes/cloud-provider-gcp. */
const GCE = 'https://github.com/kubernetes/cloud-provider-gcp/blob/16c6ae82c6cf04203bc71a558b95490e363d6ddf/cluster/gce';

/**
 * A Google Kubernetes Engine node (Container-Optimized OS or Ubuntu node image). Everything
 * Kubernetes lives under KUBE_HOME=/home/kubernetes: the kubelet binary /home/kubernetes/bin/kubelet
 * and its config /home/kubernetes/kubelet-config.yaml. configure-helper.sh's start-kubelet writes
 * /etc/default/kubelet (`KUBELET_OPTS="..."`, with `--config /home/kubernetes/kubelet-config.yaml`
 * and, on cgroup v2 (`stat -fc %T /sys/fs/cgroup` is cgroup2fs), `--cgroup-driver=systemd`) and
 * /etc/systemd/system/kubelet.service (`EnvironmentFile=/etc/default/kubelet`,
 * `ExecStart=/home/kubernetes/bin/kubelet $KUBELET_OPTS`). setup-containerd writes
 * /etc/containerd/config.toml (version 2) with `SystemdCgroup = true` on cgroup v2 and false on v1,
 * so the two drivers follow the node's cgroup version together.
 */
export const gke: Distribution = {
  id: 'gke',
  name: 'Google Kubernetes Engine',
  signals: [
    { path: 'home/kubernetes/kubelet-config.yaml', why: "GKE's node setup keeps the kubelet config in KUBE_HOME, /home/kubernetes" },
    { path: 'home/kubernetes/bin/kubelet', why: "GKE's node setup installs the kubelet in /home/kubernetes/bin" },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: ['kubelet.service'],
    configs: ['home/kubernetes/kubelet-config.yaml'],
    configDirs: [],
    rootDir: 'var/lib/kubelet',
  },
  runtime: UPSTREAM_RUNTIME,
  sources: [
    `${GCE}/gci/configure-helper.sh`,
    `${GCE}/gci/configure.sh`,
    `${GCE}/util.sh`,
    'https://github.com/DataDog/datadog-agent/blob/08f7187776149b93953a99d3b2747e6d179af031/pkg/compliance/k8sconfig/loader_test.go',
    'https://github.com/learnk8s/kubernetes-resource-inspector/blob/master/readme.md',
    'https://github.com/imroc/kubernetes-guide/blob/aee614a681f7de2b6d55f50eaf64076afc60b152/docs/appendix/vendor/gcloud/container-runtime.md',
  ],
};
