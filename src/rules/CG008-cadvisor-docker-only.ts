import { defineRule } from './define.js';
import { setCgroupSettings, settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG008',
  name: 'cadvisor-docker-only',
  severity: 'warning',
  needs: ['kubelet'],
  wants: ['runtime'],
  docs: {
    title: 'kubelet runs with --docker-only where cAdvisor must see more than docker containers',
    checks: 'kubelet is started with --docker-only while kubeletCgroups, runtimeCgroups or systemCgroups is set, or while the runtime is not docker.',
    why: 'With --docker-only, cAdvisor ignores every raw cgroup except "/": the system containers kubelet asks about are never tracked, so kubelet logs unknown container for cgroups that plainly exist, and on a non-docker runtime no pod is seen at all.',
    symptoms: ['unknown container "/system.slice/..." for cgroups that exist'],
    fix: 'Remove --docker-only.',
    refs: [
      'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html',
      'https://github.com/kubernetes/kubernetes/issues/61994',
      'https://github.com/google/cadvisor/blob/v0.39.0/container/raw/factory.go',
    ],
  },
  check({ kubelet, runtime }) {
    const flag = kubelet.settings.dockerOnly;
    if (!flag.value) return [];
    const named = setCgroupSettings(kubelet.settings).filter((x) => ['kubeletCgroups', 'runtimeCgroups', 'systemCgroups'].includes(x.name));
    const notDocker = runtime?.active && runtime.active.name !== 'docker' ? runtime.active.name : undefined;
    if (named.length === 0 && !notDocker) return [];
    const reasons = [
      ...(named.length > 0
        ? [`${named.map((n) => showSetting(n.setting)).join(' and ')} ${named.length === 1 ? 'is' : 'are'} set, but cAdvisor will not track ${named.length === 1 ? 'it' : 'them'}`]
        : []),
      ...(notDocker ? [`the runtime is ${notDocker}, whose containers cAdvisor then ignores`] : []),
    ];
    return [
      {
        subject: 'kubelet',
        message: `kubelet runs with --docker-only: ${reasons.join('; ')}, so kubelet logs unknown container for cgroups that exist`,
        evidence: [...settingEvidence(flag), ...named.flatMap((n) => settingEvidence(n.setting))],
        remediation: 'Remove --docker-only from the kubelet flags (unit, drop-in or env file shown above) and restart kubelet.',
      },
    ];
  },
});
