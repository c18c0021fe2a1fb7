import { UPSTREAM_RUNTIME } from './kubeadm.js';
import type { Distribution } from './types.js';

/**
 * An OpenShift 4 node (RHCOS, or OKD's FCOS/SCOS), laid out by the machine-config-operator (MCO):
 *
 * - kubelet.service is MCO's own unit in /etc/systemd/system: `ExecStart=/usr/local/bin/kubenswrapper
 *   /usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf ...` (the wrapper execs the kubelet, so
 *   the running process is `kubelet`), with `--runtime-cgroups=/system.slice/crio.service` and
 *   `--container-runtime-endpoint=/var/run/crio/crio.sock` (templates/worker/01-worker-kubelet/
 *   _base/units/kubelet.service.yaml). Up to 4.22 `--system-reserved=cpu=${SYSTEM_RESERVED_CPU},...`
 *   comes from `EnvironmentFile=/etc/node-sizing.env`, which kubelet-auto-node-size.service writes
 *   (templates/common/_base/files/kubelet-auto-sizing.yaml); 4.21 adds
 *   `--config-dir=/etc/openshift/kubelet.conf.d` (MCO commit fc21115e5), and 4.23 moves
 *   system-reserved into its drop-in 20-auto-sizing.conf (MCO commit 36c7cead4).
 * - /etc/kubernetes/kubelet.conf is a KubeletConfiguration (on kubeadm nodes that name is a
 *   kubeconfig): `cgroupDriver: systemd`, `cgroupRoot: /`, `systemCgroups: /system.slice`
 *   (templates/worker/01-worker-kubelet/_base/files/kubelet.yaml); a KubeletConfig CR rewrites it.
 * - CRI-O's settings are drop-ins without an extension: /etc/crio/crio.conf.d/00-default
 *   (`cgroup_manager = "systemd"`, templates/{master,worker}/01-{master,worker}-container-runtime/_base/files/crio.yaml) and
 *   01-ctrcfg-* from ContainerRuntimeConfig CRs (pkg/controller/container-runtime-config/helpers.go);
 *   CRI-O reads every file of the directory (cri-o pkg/config UpdateFromPath), which the runtime
 *   collector does for any distribution.
 * - The kubelet's root is /var/lib/kubelet, upstream's.
 *
 * Recognised by what only the MCO writes: the config the machine-config-server served at first
 * boot, and the machine-config-daemon's state directory (pkg/server/server.go, pkg/daemon/daemon.go).
 */
export const openshift: Distribution = {
  id: 'openshift',
  name: 'OpenShift',
  signals: [
    { path: 'etc/mcs-machine-config-content.json', why: 'the machine-config-server wrote its first-boot config here' },
    { path: 'etc/machine-config-daemon/currentconfig', why: 'the machine-config-daemon keeps the applied MachineConfig here' },
  ],
  kubelet: {
    hosts: [{ process: { comm: ['kubelet'] }, embedded: false, flags: [{ from: 'argv' }] }],
    units: ['kubelet.service'],
    configs: ['etc/kubernetes/kubelet.conf'],
    configDirs: ['etc/openshift/kubelet.conf.d'],
    rootDir: 'var/lib/kubelet',
  },
  runtime: UPSTREAM_RUNTIME,
  sources: [
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/templates/worker/01-worker-kubelet/_base/units/kubelet.service.yaml',
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/templates/worker/01-worker-kubelet/_base/files/kubelet.yaml',
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/templates/common/_base/files/kubelet-auto-sizing.yaml',
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/templates/worker/01-worker-container-runtime/_base/files/crio.yaml',
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/pkg/controller/container-runtime-config/helpers.go',
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/pkg/server/server.go',
    'https://github.com/openshift/machine-config-operator/blob/f313997e0ba83edd79b1d0091e85d6e25c793274/pkg/daemon/daemon.go',
    'https://github.com/openshift/machine-config-operator/blob/db84d8368ef78e50f3bc0961dcf2b27a7975e053/templates/worker/01-worker-kubelet/_base/units/kubelet.service.yaml',
    'https://github.com/openshift/machine-config-operator/commit/36c7cead4ca743557aa3aa5b7a307d259fc36623',
    'https://github.com/cri-o/cri-o/blob/f954a17e505f8931e91004403b5f5eac71ab6085/pkg/config/config.go',
  ],
};
