import type { Distribution } from './types.js';

/** Runtime files where every upstream package puts them: the layout most distributions keep. */
export const UPSTREAM_RUNTIME: Distribution['runtime'] = {
  containerd: ['etc/containerd/config.toml'],
  crio: { config: 'etc/crio/crio.conf', dropins: 'etc/crio/crio.conf.d' },
  docker: { config: 'etc/docker/daemon.json' },
};

/**
 * A kubeadm node, and what any node is taken for when no other distribution's signals show: a
 * `kubelet` binary started by kubelet.service, its config file named by --config (the unit's
 * 10-kubeadm.conf drop-in passes /var/lib/kubelet/config.yaml). The pkgs.k8s.io packages install
 * both in /usr/lib/systemd/system (kubelet.spec, kubeadm.spec: %{_unitdir}), the drop-in reading
 * /var/lib/kubelet/kubeadm-flags.env and /etc/default/kubelet (deb) or /etc/sysconfig/kubelet (rpm).
 */
export const kubeadm: Distribution = {
  id: 'kubeadm',
  name: 'kubeadm',
  signals: [],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: ['kubelet.service'],
    configs: ['var/lib/kubelet/config.yaml'],
    configDirs: [],
    rootDir: 'var/lib/kubelet',
  },
  runtime: UPSTREAM_RUNTIME,
  sources: [
    'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/kubelet-integration/',
    'https://github.com/kubernetes/release/blob/master/cmd/krel/templates/latest/kubeadm/10-kubeadm.conf',
    'https://github.com/kubernetes/release/blob/master/cmd/krel/templates/latest/kubeadm/kubeadm.spec',
    'https://github.com/kubernetes/release/blob/master/cmd/krel/templates/latest/kubelet/kubelet.service',
  ],
};
