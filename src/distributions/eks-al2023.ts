import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/** awslabs/amazon-eks-ami at the commit these facts were read from. */
const AMI = 'https://github.com/awslabs/amazon-eks-ami/blob/81fec2e895854f599974fe4d3d72f61c0a9aaffa';

/**
 * An Amazon EKS node on the Amazon Linux 2023 AMI, set up by nodeadm (`nodeadm init`, run by
 * nodeadm-config.service and nodeadm-run.service from /usr/bin/nodeadm). The kubelet is the
 * `kubelet` binary (/usr/bin/kubelet) of kubelet.service, whose only flags are
 * `$NODEADM_KUBELET_ARGS` from the EnvironmentFile /etc/eks/kubelet/environment, one line
 * `NODEADM_KUBELET_ARGS=--config=... --node-ip=...` (nodeadm/internal/kubelet/environment.go).
 * nodeadm writes its KubeletConfiguration to /etc/kubernetes/kubelet/config.json (cgroupDriver
 * systemd, cgroupRoot /, kubeReservedCgroup /runtime, systemReservedCgroup /system: config.go
 * defaultKubeletSubConfig, withDefaultReservedResources) and passes --config; the user's
 * `spec.kubelet.config` goes to the drop-in config.json.d/40-nodeadm.conf (00-nodeadm.conf
 * before 2025-06, commit 70c91e3c) with --config-dir, only when the user gives one. Since
 * 2026-02 (commit e9ce09d6) it also passes --runtime-cgroups=/runtime.slice/containerd.service,
 * where the 00-runtime-slice.conf drop-in puts containerd. cgroup v2, AL2023's default.
 */
export const eksAl2023: Distribution = {
  id: 'eks-al2023',
  name: 'Amazon EKS (Amazon Linux 2023, nodeadm)',
  signals: [
    { path: 'usr/bin/nodeadm', why: "nodeadm, the AL2023 EKS AMI's node initialiser, is installed" },
    { path: 'etc/eks/kubelet/environment', why: 'nodeadm wrote the kubelet environment file' },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: ['kubelet.service'],
    configs: ['etc/kubernetes/kubelet/config.json'],
    configDirs: ['etc/kubernetes/kubelet/config.json.d'],
    rootDir: 'var/lib/kubelet',
    // The AMI build saves `kubelet --version` there; nodeadm reads it back (internal/kubelet/version.go).
    versionFiles: [{ path: 'etc/eks/kubelet-version.txt', line: /v\d+\.\d+\.\d+/ }],
  },
  // nodeadm writes /etc/containerd/config.toml (SystemdCgroup = true, nodeadm/internal/containerd).
  runtime: UPSTREAM_RUNTIME,
  sources: [
    `${AMI}/nodeadm/internal/kubelet/config.go`,
    `${AMI}/nodeadm/internal/kubelet/environment.go`,
    `${AMI}/nodeadm/internal/containerd/config.go`,
    `${AMI}/nodeadm/internal/containerd/config.template.toml`,
    `${AMI}/nodeadm/internal/containerd/config2.template.toml`,
    `${AMI}/templates/al2023/runtime/rootfs/etc/systemd/system/kubelet.service`,
    `${AMI}/templates/al2023/runtime/rootfs/etc/systemd/system/containerd.service.d/00-runtime-slice.conf`,
    `${AMI}/templates/al2023/provisioners/install-nodeadm.sh`,
    `${AMI}/templates/al2023/provisioners/install-worker.sh`,
    `${AMI}/nodeadm/internal/kubelet/version.go`,
    'https://github.com/awslabs/amazon-eks-ami/commit/70c91e3ce2c9810fd1ae57319afd1007b0e6bd31',
    'https://github.com/awslabs/amazon-eks-ami/pull/2617',
    'https://github.com/imroc/kubernetes-guide/blob/aee614a681f7de2b6d55f50eaf64076afc60b152/docs/appendix/vendor/aws/runtime.md',
  ],
};
