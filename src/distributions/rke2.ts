import { rancherKubeletFlags } from './k3s.js';
import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution, FlagSource } from './types.js';

const DATA = 'var/lib/rancher/rke2';
const CONFIG: FlagSource = { from: 'yaml-list', files: ['etc/rancher/rke2/config.yaml', 'etc/rancher/rke2/config.yaml.d/*.y*ml'], key: 'kubelet-arg' };

/**
 * RKE2: `rke2 server` / `rke2 agent` (comm `rke2`, its title set to `<argv0> server` like k3s's)
 * runs k3s's agent code, which starts a real kubelet process: pkg/executor/staticpod Kubelet()
 * execs `kubelet` (pkg/rke2 KubeletPath), found on PATH in `data/<version>/bin`, so its argv[0]
 * is the bare word `kubelet` and its command line holds every flag, the user's kubelet-arg from
 * /etc/rancher/rke2/config.yaml among them (kube-bench#1843 shows one). From 1.32 the defaults,
 * cgroupDriver among them, are in agent/etc/kubelet.conf.d/00-rke2-defaults.conf, named by
 * --config-dir on that command line (rancher/rke2#4043). containerd runs as another child of
 * the unit, with `-c agent/etc/containerd/config.toml` (rendered from k3s's template).
 */
export const rke2: Distribution = {
  id: 'rke2',
  name: 'RKE2',
  signals: [
    { process: { comm: ['rke2'] }, why: 'an rke2 server or agent runs' },
    { path: `${DATA}/agent`, why: "rke2's agent data dir exists" },
    { path: 'etc/rancher/rke2/config.yaml', why: "rke2's config file exists" },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    // The units run rke2, not the kubelet: a stopped kubelet's flags are the kubelet-arg rke2
    // would pass on, from its config files and its unit's command line.
    supervisor: { process: { comm: ['rke2'] }, flags: [CONFIG, { from: 'argv-prefixed', flag: '--kubelet-arg' }] },
    // bundle/lib/systemd/system: rke2-server.service and rke2-agent.service, ExecStart=/usr/local/bin/rke2 server|agent.
    units: ['rke2-server.service', 'rke2-agent.service'],
    ...rancherKubeletFlags(DATA, 'rke2'),
    configs: [],
    configDirs: [`${DATA}/agent/etc/kubelet.conf.d`],
    rootDir: 'var/lib/kubelet',
  },
  runtime: { ...UPSTREAM_RUNTIME, containerd: [`${DATA}/agent/etc/containerd/config.toml`, ...UPSTREAM_RUNTIME.containerd] },
  sources: [
    'https://github.com/rancher/rke2/blob/6ce1a8019e9d0b81eb7a715edbc2b8ac12d26da0/bundle/lib/systemd/system/rke2-server.service',
    'https://github.com/rancher/rke2/blob/6ce1a8019e9d0b81eb7a715edbc2b8ac12d26da0/pkg/executor/staticpod/staticpod.go (Kubelet: exec of KubeletPath with --volume-plugin-dir, --file-check-frequency, --sync-frequency)',
    'https://github.com/rancher/rke2/blob/6ce1a8019e9d0b81eb7a715edbc2b8ac12d26da0/pkg/rke2/rke2_linux.go (KubeletPath defaults to "kubelet")',
    'https://github.com/rancher/rke2/blob/6ce1a8019e9d0b81eb7a715edbc2b8ac12d26da0/main.go (configfilearg.MustParse: /etc/rancher/rke2/config.yaml)',
    'https://github.com/rancher/rke2/issues/4043 (1.32: 00-rke2-defaults.conf, 10-cli-config.conf, 20-cli-config-dir, --config-dir)',
    'https://github.com/aquasecurity/kube-bench/issues/1843 (an rke2 kubelet command line: kubelet --volume-plugin-dir=... --cgroup-driver=systemd ...)',
    'https://github.com/rancher/rke2/issues/4085 (kubelet-arg cgroup-driver=systemd without the containerd template)',
    'https://docs.rke2.io/advanced#configuring-containerd',
  ],
};
