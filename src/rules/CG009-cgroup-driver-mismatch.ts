import { defineRule } from './define.js';
import { driverEvidence, settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG009',
  name: 'cgroup-driver-mismatch',
  severity: 'error',
  needs: ['kubelet', 'runtime'],
  docs: {
    title: "kubelet's cgroup driver differs from the container runtime's",
    checks:
      'kubelet cgroupDriver (flag over config; default cgroupfs) against the runtime kubelet uses: containerd runc SystemdCgroup (config version 2: plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options; version 3: plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options; default false), docker daemon.json exec-opts native.cgroupdriver, CRI-O cgroup_manager (default systemd).',
    why:
      'kubelet creates pod cgroups with one driver and the runtime places containers with the other: on systemd hosts two managers then own the same tree, pod sandboxes are recreated every few minutes, and limits land in the wrong place. Kubelet 1.28+ with KubeletCgroupDriverFromCRI (beta from 1.29) asks a runtime that supports it (containerd 2.0+, CRI-O 1.28+) and uses its driver instead.',
    symptoms: [
      'misconfiguration: kubelet cgroup driver: "systemd" is different from docker cgroup driver: "cgroupfs"',
      'expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups',
      'pods restart every few minutes, sandbox changed',
    ],
    fix: 'Make both sides the same (systemd on systemd hosts), drain the node, restart the runtime, then kubelet.',
    refs: ['seeds/001', 'https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/configure-cgroup-driver/'],
  },
  check({ kubelet, runtime }) {
    const rt = runtime.active;
    if (!rt) return { skip: `cannot tell which runtime kubelet uses: ${runtime.why}` };
    const k = kubelet.settings.cgroupDriver;
    if (k.value === rt.driver.driver) return [];
    const kOrigin = k.origin === 'default' ? "kubelet's default" : showSetting(k);
    return [
      {
        subject: rt.name,
        message: `kubelet uses "${k.value}" (${kOrigin}), ${rt.name} uses "${rt.driver.driver}" (${rt.driver.origin}; runtime chosen because ${runtime.why}). If kubelet 1.28+ takes the driver from CRI (KubeletCgroupDriverFromCRI) it will use "${rt.driver.driver}" instead.`,
        evidence: [...settingEvidence(k), ...driverEvidence(rt.driver)],
        remediation: `Set both to the same driver (systemd on a systemd host): kubelet ${k.origin === 'config' ? `cgroupDriver in ${k.source?.path}` : '--cgroup-driver'} and ${rt.name} ${rt.name === 'containerd' ? 'SystemdCgroup' : rt.name === 'docker' ? 'exec-opts native.cgroupdriver' : 'cgroup_manager'}; drain the node, restart ${rt.name}, then kubelet.`,
      },
    ];
  },
});
