import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/** awslabs/amazon-eks-ami just before AL2 was removed (b2289030, 2026-03): templates/al2. */
const AMI = 'https://github.com/awslabs/amazon-eks-ami/blob/0ab842803d827b8087d78dd2eff0bc408caec771/templates/al2';

/**
 * An Amazon EKS node on the Amazon Linux 2 AMI, set up by /etc/eks/bootstrap.sh. The kubelet is
 * the `kubelet` binary (/usr/bin/kubelet) of kubelet.service: for containerd, bootstrap.sh copies
 * /etc/eks/containerd/kubelet-containerd.service over it (Slice=runtime.slice, ExecStart with
 * `--config /etc/kubernetes/kubelet/kubelet-config.json ... $KUBELET_ARGS $KUBELET_EXTRA_ARGS`),
 * and writes those two variables into the drop-ins kubelet.service.d/10-kubelet-args.conf and
 * 30-kubelet-extra-args.conf. bootstrap.sh edits kubelet-config.json with jq: cgroupDriver
 * systemd, systemReservedCgroup /system and kubeReservedCgroup /runtime (unless
 * --kubelet-extra-args has --reserved-cpus); the template itself says cgroupfs, which the
 * dockerd runtime (Kubernetes < 1.24) keeps, its docker-daemon.json setting no
 * native.cgroupdriver (cgroupfs on v1). containerd runs in runtime.slice from 1.24
 * (containerd.service.d/00-runtime-slice.conf, install-worker.sh). cgroup v1 (AL2's kernel).
 */
export const eksAl2: Distribution = {
  id: 'eks-al2',
  name: 'Amazon EKS (Amazon Linux 2, bootstrap.sh)',
  signals: [
    { path: 'etc/eks/containerd/kubelet-containerd.service', why: 'the AL2 EKS AMI keeps the kubelet unit bootstrap.sh installs for containerd' },
    { path: 'etc/kubernetes/kubelet/kubelet-config.json', why: "the AL2 EKS AMI's kubelet config, which bootstrap.sh edits" },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: ['kubelet.service'],
    configs: ['etc/kubernetes/kubelet/kubelet-config.json'],
    configDirs: [],
    rootDir: 'var/lib/kubelet',
  },
  // bootstrap.sh copies /etc/eks/containerd/containerd-config.toml to /etc/containerd/config.toml
  // (version 2, SystemdCgroup = true, imports /etc/containerd/config.d/*.toml).
  runtime: UPSTREAM_RUNTIME,
  sources: [
    `${AMI}/runtime/bootstrap.sh`,
    `${AMI}/runtime/kubelet-config.json`,
    `${AMI}/runtime/kubelet-containerd.service`,
    `${AMI}/runtime/kubelet.service`,
    `${AMI}/runtime/containerd-config.toml`,
    `${AMI}/runtime/docker-daemon.json`,
    `${AMI}/runtime/runtime.slice`,
    `${AMI}/provisioners/install-worker.sh`,
    'https://github.com/DataDog/datadog-agent/blob/08f7187776149b93953a99d3b2747e6d179af031/pkg/compliance/k8sconfig/loader_test.go',
  ],
};
