import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/**
 * k0s: one `k0s` binary, run by k0sworker.service or k0scontroller.service (`k0s install`), that
 * supervises the kubelet and containerd as child processes (pkg/supervisor). Facts from
 * k0sproject/k0s at v1.33.4+k0s.0 (6da1d9c3, pkg/component/worker/kubelet.go) unless noted:
 *
 * - the kubelet is a real binary, /var/lib/k0s/bin/kubelet (assets.Stage into K0sVars.BinDir),
 *   started with --root-dir=/var/lib/k0s/kubelet, --config=/run/k0s/kubelet/config.yaml (1.32 and
 *   later; /var/lib/k0s/kubelet-config.yaml up to 1.31), --runtime-cgroups=/system.slice/containerd.service
 *   on Linux, --containerd=/run/k0s/containerd.sock, then the user's --kubelet-extra-args, split
 *   at whitespace (internal/pkg/flags Split) and merged over them;
 * - the config file is the worker profile (pkg/component/controller/workerconfig/reconciler.go
 *   buildProfile): kubeReservedCgroup "system.slice", kubeletCgroups "/system.slice/containerd.service",
 *   no cgroupDriver (so kubelet's cgroupfs; k0s issue 6278), containerRuntimeEndpoint
 *   unix:///run/k0s/containerd.sock;
 * - the kubelet moves itself into its kubeletCgroups, so it runs in /system.slice/containerd.service,
 *   which is no unit, while containerd stays in the k0s unit (docs/raspberry-pi4.md's
 *   `systemctl status k0sworker.service` lists k0s and containerd, not the kubelet);
 * - containerd runs with --config=/etc/k0s/containerd.toml, which imports /run/k0s/containerd-cri.toml,
 *   containerd's own CRI defaults (SystemdCgroup = false) with the user's /etc/k0s/containerd.d/*.toml
 *   merged in (pkg/component/worker/containerd/component.go, configurer.go; containerd 2 and a
 *   version 3 config from k0s 1.36, docs/runtime.md).
 */
export const k0s: Distribution = {
  id: 'k0s',
  name: 'k0s',
  signals: [
    { process: { comm: ['k0s'] }, why: 'k0s runs (it supervises the kubelet and containerd)' },
    { path: 'etc/systemd/system/k0s*.service', why: 'a k0s unit is installed (k0s install worker/controller)' },
    { path: 'var/lib/k0s/bin/kubelet', why: "k0s's kubelet binary is staged" },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    // The units run k0s, not the kubelet: a stopped kubelet's flags are k0s's own and the extra args.
    supervisor: { process: { comm: ['k0s'] }, flags: [{ from: 'argv-words', flag: '--kubelet-extra-args' }] },
    // pkg/install/service.go: "k0s" + role; kardianos/service writes /etc/systemd/system/<name>.service.
    units: ['k0sworker.service', 'k0scontroller.service'],
    implied: () => ['--runtime-cgroups=/system.slice/containerd.service'],
    configs: ['run/k0s/kubelet/config.yaml', 'var/lib/k0s/kubelet-config.yaml'],
    configDirs: [],
    rootDir: 'var/lib/k0s/kubelet',
  },
  runtime: { ...UPSTREAM_RUNTIME, containerd: ['etc/k0s/containerd.toml'] },
  sources: [
    'https://github.com/k0sproject/k0s/blob/v1.33.4+k0s.0/pkg/component/worker/kubelet.go',
    'https://github.com/k0sproject/k0s/blob/v1.31.14+k0s.0/pkg/component/worker/kubelet.go',
    'https://github.com/k0sproject/k0s/blob/v1.33.4+k0s.0/pkg/component/controller/workerconfig/reconciler.go',
    'https://github.com/k0sproject/k0s/blob/v1.33.4+k0s.0/pkg/component/worker/containerd/component.go',
    'https://github.com/k0sproject/k0s/blob/v1.33.4+k0s.0/pkg/install/linux_systemd.go',
    'https://github.com/k0sproject/k0s/blob/v1.33.4+k0s.0/docs/runtime.md',
    'https://github.com/k0sproject/k0s/blob/v1.33.4+k0s.0/docs/raspberry-pi4.md',
    'https://github.com/k0sproject/k0s/issues/4954',
    'https://github.com/k0sproject/k0s/issues/6277',
    'https://github.com/k0sproject/k0s/issues/6278',
  ],
};
