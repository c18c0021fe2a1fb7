import { RUNTIME_DRIVER_SETTING } from '../distributions/components.js';
import { defineRule } from './define.js';
import { driverEvidence, settingEvidence, showSetting } from './helpers.js';
import { knownSetting } from '../collect/kubelet.js';
import type { KubeletVersion, RuntimeInfo } from '../collect/facts.js';

/**
 * Whether this kubelet takes its cgroup driver from the runtime (KubeletCgroupDriverFromCRI):
 * alpha in 1.28 (off unless enabled), beta from 1.31 (on unless disabled), GA and locked on from
 * 1.34 (pkg/features/kube_features.go); and only from a runtime that answers the RuntimeConfig
 * call: containerd 2.0+ (config version 3), CRI-O 1.28+. Otherwise its own setting decides.
 */
function driverSource(v: KubeletVersion | undefined, gate: boolean | undefined, rt: RuntimeInfo): { from: 'cri' | 'own' | 'unknown'; why: string } {
  const runtimeCan = rt.name === 'crio' || (rt.name === 'containerd' && rt.configVersion === 3);
  if (!runtimeCan)
    return {
      from: 'own',
      why: `${rt.name === 'containerd' ? 'containerd before 2.0 (config version < 3)' : rt.name} cannot report its driver over CRI, so kubelet uses its own setting`,
    };
  if (!v)
    return {
      from: 'unknown',
      why: `a kubelet 1.31+ takes the driver from ${rt.name} over CRI (KubeletCgroupDriverFromCRI) and would use "${rt.driver.driver}", an older one uses its own setting; the kubelet's version is unknown (--kubelet-version tells it)`,
    };
  const minor = v.major === 1 ? v.minor : 99;
  const cri = minor >= 34 || (minor >= 31 && gate !== false) || (minor >= 28 && gate === true);
  if (cri)
    return {
      from: 'cri',
      why: `kubelet ${v.text} takes the driver from ${rt.name} over CRI (KubeletCgroupDriverFromCRI${minor >= 34 ? ', always from 1.34' : gate === true ? ', enabled' : ', on by default from 1.31'})`,
    };
  const off =
    minor < 28 ? 'predates KubeletCgroupDriverFromCRI' : gate === false ? 'has KubeletCgroupDriverFromCRI disabled' : 'has KubeletCgroupDriverFromCRI off (alpha before 1.31)';
  return { from: 'own', why: `kubelet ${v.text} ${off} and uses its own setting` };
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
    why: 'kubelet creates pod cgroups with one driver and the runtime places containers with the other: on systemd hosts two managers then own the same tree, pod sandboxes are recreated every few minutes, and limits land in the wrong place. With KubeletCgroupDriverFromCRI (alpha in 1.28, on by default from 1.31, always from 1.34) kubelet asks a runtime that supports it (containerd 2.0+, CRI-O 1.28+) and uses its driver instead: then a disagreeing kubelet setting is only noted (info), and with the kubelet version unknown it is a warning.',
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
    const gate = knownSetting(kubelet, 'featureGates')?.value['KubeletCgroupDriverFromCRI'];
    const src = driverSource(kubeletVersion, gate, rt);
    const evidence = [...settingEvidence(k), ...driverEvidence(rt.driver)];
    if (src.from === 'cri') {
      // The setting is ignored, not wrong enough to break pods: say which driver really runs.
      return [
        {
          subject: rt.name,
          severity: 'info',
          message: `kubelet's setting says "${k.value}" (${kOrigin}), but ${src.why}: both use "${rt.driver.driver}" (${rt.driver.origin}), so this is no mismatch`,
          evidence,
          remediation: `Nothing breaks now; to keep the files truthful set kubelet ${k.origin === 'config' ? `cgroupDriver in ${k.source?.path}` : '--cgroup-driver'} to "${rt.driver.driver}" too (a kubelet downgrade, or the gate turned off, would use "${k.value}").`,
        },
      ];
    }
    return [
      {
        subject: rt.name,
        ...(src.from === 'unknown' ? { severity: 'warning' as const } : {}),
        message: `kubelet uses "${k.value}" (${kOrigin}), ${rt.name} uses "${rt.driver.driver}" (${rt.driver.origin}; runtime chosen because ${runtime.why}); ${src.why}.`,
        evidence,
        remediation: `Set both to the same driver (systemd on a systemd host): kubelet ${k.origin === 'config' ? `cgroupDriver in ${k.source?.path}` : '--cgroup-driver'} and ${rt.name} ${RUNTIME_DRIVER_SETTING[rt.name].setting}; drain the node, restart ${rt.name}, then kubelet.`,
      },
    ];
  },
});
