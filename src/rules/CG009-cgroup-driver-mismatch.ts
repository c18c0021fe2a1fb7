import { defineRule } from './define.js';
import { driverEvidence, settingEvidence, showSetting } from './helpers.js';
import type { KubeletVersion, RuntimeInfo } from '../collect/facts.js';

/** KubeletCgroupDriverFromCRI (alpha in 1.28): kubelet asks a runtime that can answer. */
function fromCri(v: KubeletVersion | undefined, rt: RuntimeInfo): string {
  const runtimeCan = rt.name === 'crio' || (rt.name === 'containerd' && rt.configVersion === 3);
  if (v && v.major === 1 && v.minor < 28) return ` kubelet ${v.text} predates KubeletCgroupDriverFromCRI and uses its own setting.`;
  const who = v ? `kubelet ${v.text}` : 'a kubelet 1.28+';
  return runtimeCan
    ? ` ${who} with KubeletCgroupDriverFromCRI takes the driver from ${rt.name} (which can report it) and would use "${rt.driver.driver}"; then "${rt.driver.driver}" must suit the host.`
    : ` ${rt.name === 'containerd' ? 'containerd before 2.0 (config version < 3)' : rt.name} cannot report its driver over CRI, so ${who} uses its own setting even with KubeletCgroupDriverFromCRI.`;
}

export default defineRule({
  id: 'CG009',
  name: 'cgroup-driver-mismatch',
  severity: 'error',
  needs: ['kubelet', 'runtime'],
  wants: ['kubeletVersion'],
  docs: {
    title: "kubelet's cgroup driver differs from the container runtime's",
    checks:
      'kubelet cgroupDriver (flag over config; default cgroupfs) against the runtime kubelet uses: containerd runc SystemdCgroup (config version 2: plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options; version 3: plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options; default false), docker daemon.json exec-opts native.cgroupdriver, CRI-O cgroup_manager (default systemd).',
    why: 'kubelet creates pod cgroups with one driver and the runtime places containers with the other: on systemd hosts two managers then own the same tree, pod sandboxes are recreated every few minutes, and limits land in the wrong place. Kubelet 1.28+ with KubeletCgroupDriverFromCRI (beta from 1.29) asks a runtime that supports it (containerd 2.0+, CRI-O 1.28+) and uses its driver instead.',
    symptoms: [
      'misconfiguration: kubelet cgroup driver: "systemd" is different from docker cgroup driver: "cgroupfs"',
      'expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups',
      'pods restart every few minutes, sandbox changed',
    ],
    fix: 'Make both sides the same (systemd on systemd hosts), drain the node, restart the runtime, then kubelet.',
    refs: [
      'https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/configure-cgroup-driver/',
      'https://github.com/kubernetes/kubernetes/issues/43805',
      'https://github.com/containerd/containerd/issues/4857',
    ],
  },
  check({ kubelet, runtime, kubeletVersion }) {
    const rt = runtime.active;
    if (!rt) return { skip: `cannot tell which runtime kubelet uses: ${runtime.why}` };
    const k = kubelet.settings.cgroupDriver;
    if (k.value === rt.driver.driver) return [];
    const kOrigin = k.origin === 'default' ? "kubelet's default" : showSetting(k);
    return [
      {
        subject: rt.name,
        message: `kubelet uses "${k.value}" (${kOrigin}), ${rt.name} uses "${rt.driver.driver}" (${rt.driver.origin}; runtime chosen because ${runtime.why}).${fromCri(kubeletVersion, rt)}`,
        evidence: [...settingEvidence(k), ...driverEvidence(rt.driver)],
        remediation: `Set both to the same driver (systemd on a systemd host): kubelet ${k.origin === 'config' ? `cgroupDriver in ${k.source?.path}` : '--cgroup-driver'} and ${rt.name} ${rt.name === 'containerd' ? 'SystemdCgroup' : rt.name === 'docker' ? 'exec-opts native.cgroupdriver' : 'cgroup_manager'}; drain the node, restart ${rt.name}, then kubelet.`,
      },
    ];
  },
});
