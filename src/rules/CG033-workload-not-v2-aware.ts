import { WORKLOAD_RUNTIMES, type WorkloadRuntime } from '../distributions/components.js';
import { compareVersions, parseVersion, type Version } from '../collect/parse/version.js';
import type { WorkloadProcess } from '../collect/facts.js';
import { defineRule } from './define.js';
import { v2Move } from './v2-move.js';
import { sourceEvidence } from './helpers.js';
import type { Evidence, RawFinding } from './define.js';

/** A JDK's feature release: 8 for `1.8.0_372`, 17 for `17.0.8`. */
const lineOf = (v: Version) => (v.numbers[0] === 1 ? (v.numbers[1] ?? 1) : (v.numbers[0] ?? 0));

/** The first release of its line that reads v2 limits, or undefined when the line is aware in all its releases; `null` when none of it is. */
function firstAware(runtime: WorkloadRuntime, v: Version): string | undefined | null {
  const line = lineOf(v);
  if (line >= runtime.awareFrom) return undefined;
  return runtime.minV2.find((m) => m.line === line)?.version ?? null;
}

const subjectOf = (w: WorkloadProcess) => (w.pod && w.container ? `${w.pod}/${w.container}` : w.pod ? `${w.pod} pid ${w.pid}` : `pid ${w.pid}`);

function evidenceOf(w: WorkloadProcess): Evidence[] {
  return [
    ...sourceEvidence(w.source),
    ...(w.exe ? [{ path: `proc/${w.pid}/exe`, excerpt: `-> ${w.exe}` }] : []),
    ...(w.cgroup ? [{ path: `proc/${w.pid}/cgroup`, excerpt: w.cgroup }] : []),
  ];
}

export default defineRule({
  id: 'CG033',
  name: 'workload-not-v2-aware',
  severity: 'error',
  needs: ['mounts', 'workloadProcesses'],
  wants: ['context'],
  docs: {
    title: "A running workload's runtime reads its limits from cgroup v1 only",
    checks:
      "Each running JVM (comm `java`) against the releases that read cgroup v2 limits: 8u372 on JDK 8, 11.0.16 on JDK 11, every release from 15 on. The version is the runtime's own `release` file beside its `bin/java`, read through `proc/<pid>/root` (the container's file, not the node's), never by running it; the pod and container come from the process's cgroup path and kubelet's `var/log/containers` links. An error on a v2 node; on a v1 or hybrid node a warning of what breaks after the move (an error under `scan --target v2`).",
    why: 'A JVM that knows only v1 looks for memory.limit_in_bytes and cpu.cfs_quota_us, finds nothing on v2, and sizes its heap, GC threads and pools from the whole node: the container is OOM-killed at its limit, or starves on CPU it never had. Nothing in the pod spec changed, so it looks like the application.',
    symptoms: [
      'Operating System Metrics: No metrics available for this platform',
      'java.io.FileNotFoundException: /sys/fs/cgroup/cpu/cpu.cfs_quota_us (No such file or directory)',
    ],
    fix: 'Upgrade the image to a JDK that reads cgroup v2 (8u372, 11.0.16, 17 or later) before moving its nodes; until then set -Xmx and -XX:ActiveProcessorCount explicitly.',
    refs: ['https://kubernetes.io/docs/concepts/architecture/cgroups/#migrating-cgroupv2', 'https://bugs.openjdk.org/browse/JDK-8230305'],
  },
  check({ mounts, workloadProcesses, context }) {
    const move = v2Move(mounts.layout, context);
    if (!move) return [];
    const { onV2, target, severity } = move;
    const out: RawFinding[] = [];
    for (const w of workloadProcesses) {
      const runtime = WORKLOAD_RUNTIMES.find((r) => r.id === w.runtime)!;
      if (!w.version) {
        if (target || onV2)
          out.push({
            subject: subjectOf(w),
            severity: 'info',
            message: `${runtime.name} in pid ${w.pid}: version unknown (${w.unknown}); check it reads cgroup v2 limits`,
            evidence: evidenceOf(w),
            remediation: `Check the image's ${runtime.name} is at least ${runtime.minV2.map((m) => m.version).join(' / ')} or ${runtime.awareFrom}+.`,
          });
        continue;
      }
      const first = firstAware(runtime, w.version);
      if (first === undefined) continue;
      const min = first === null ? undefined : parseVersion(first);
      if (min && compareVersions(w.version, min) >= 0) continue;
      const needs = first === null ? `no release of its line reads them; ${runtime.awareFrom} and later do` : `the first of its line that reads them is ${first}`;
      out.push({
        subject: subjectOf(w),
        severity,
        message: `${runtime.name} ${w.version.text} in pid ${w.pid} reads cgroup v1 limits only (${needs}): ${runtime.risk}${onV2 ? '' : ' once the node moves'}`,
        evidence: evidenceOf(w),
        remediation: `Rebuild ${w.container ? `container ${w.container}${w.pod ? ` of ${w.pod}` : ''}` : `the image of pid ${w.pid}`} on ${first ? `${first} or later` : `a ${runtime.awareFrom}+ release`}; meanwhile set -Xmx and -XX:ActiveProcessorCount to its limits.`,
      });
    }
    return out;
  },
});
