import { defineRule } from './define.js';
import type { RawFinding } from './define.js';
import { driverEvidence, settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG010',
  name: 'systemd-driver-without-systemd',
  severity: 'error',
  needs: ['processes'],
  wants: ['kubelet', 'runtime'],
  docs: {
    title: 'The systemd cgroup driver is configured but systemd is not the init system',
    checks: 'kubelet cgroupDriver or the runtime driver is systemd, while pid 1 is not systemd (proc/1/comm, proc/1/cmdline, run/systemd/system).',
    why: 'The systemd driver creates cgroups by asking systemd over D-Bus. Without systemd as pid 1, kubelet panics at start and runc cannot create containers.',
    symptoms: ['systemd cgroup manager not available'],
    fix: 'Use cgroupfs, or run systemd as init.',
    refs: ['https://github.com/kubernetes/kubelet/issues/27', 'https://github.com/kubernetes/kubernetes/blob/v1.20.10-rc.0/pkg/kubelet/cm/cgroup_manager_linux.go'],
  },
  check({ processes, kubelet, runtime }) {
    if (!kubelet && !runtime?.active) return { skip: 'neither a kubelet nor a container runtime configuration was found' };
    if (processes.systemd.running) return [];
    const out: RawFinding[] = [];
    const k = kubelet?.settings.cgroupDriver;
    if (k?.value === 'systemd') {
      out.push({
        subject: 'kubelet',
        message: `kubelet is set to the systemd cgroup driver (${showSetting(k)}) but systemd is not running (${processes.systemd.why}): kubelet panics with "systemd cgroup manager not available"`,
        evidence: [...settingEvidence(k), ...(processes.init ? [{ path: `proc/${processes.init.pid}/comm`, line: 1, excerpt: processes.init.comm }] : [])],
        remediation: `Set ${k.key} to "cgroupfs" (and the runtime too), or run systemd as pid 1.`,
      });
    }
    const rt = runtime?.active;
    if (rt?.driver.driver === 'systemd') {
      out.push({
        subject: rt.name,
        message: `${rt.name} uses the systemd cgroup driver (${rt.driver.origin}) but systemd is not running (${processes.systemd.why}): containers cannot be created`,
        evidence: driverEvidence(rt.driver),
        remediation: `Switch ${rt.name} to the cgroupfs driver (and kubelet too), or run systemd as pid 1.`,
      });
    }
    return out;
  },
});
