import { COMPONENTS } from '../distributions/components.js';
import { compareVersions, parseVersion } from '../collect/parse/version.js';
import { defineRule } from './define.js';
import { v2Move } from './v2-move.js';
import type { RawFinding } from './define.js';
import { sourceEvidence } from './helpers.js';

export default defineRule({
  id: 'CG032',
  name: 'v2-component-too-old',
  severity: 'error',
  needs: ['mounts', 'componentVersions'],
  wants: ['context'],
  docs: {
    title: 'A component is older than its first release that supports cgroup v2',
    checks:
      "Each component cgroup v2 depends on (kernel, systemd, runc, crun, containerd, Docker, CRI-O, kubelet) against its first release that supports the unified hierarchy. The version is read without running anything: the Go build information embedded in the binary (a running daemon's, else the usual paths), the package database, or a file name (systemd's libsystemd-shared-<version>.so). On a v2 node an old component is an error; on a v1 or hybrid node it is the migration's blocker list, a warning (an error under `scan --target v2`, which also names the components whose version is unknown).",
    why: 'An old runtime on the unified hierarchy fails where nothing points at the version: runc before 1.0.0-rc93 cannot set device rules or freeze containers on v2, containerd before 1.4 and Docker before 20.10 write v1 files that do not exist, systemd before 244 cannot delegate cpuset, and a kernel before 5.8 lacks what Kubernetes needs. Upgrading them after the switch means a node that cannot start pods in between.',
    symptoms: ['cgroups: cgroup mountpoint does not exist: unknown', "failed to start daemon: Devices cgroup isn't mounted", 'failed to run Kubelet: mountpoint for cpu not found'],
    fix: 'Upgrade each listed component to at least the version shown before moving the node to cgroup v2 (`systemd.unified_cgroup_hierarchy=1`); kernel and systemd come with the OS release.',
    refs: [
      'https://kubernetes.io/docs/concepts/architecture/cgroups/#requirements',
      'https://github.com/opencontainers/runc/blob/main/docs/cgroup-v2.md',
      'https://docs.docker.com/engine/release-notes/20.10/',
      'https://kubernetes.io/blog/2022/08/31/cgroupv2-ga-1-25/',
    ],
  },
  check({ mounts, componentVersions, context }) {
    const move = v2Move(mounts.layout, context);
    if (!move) return [];
    const { onV2, target, severity } = move;
    const out: RawFinding[] = [];
    for (const c of componentVersions) {
      const spec = COMPONENTS.find((x) => x.id === c.id)!;
      const min = parseVersion(spec.minV2.version)!;
      if (c.version && compareVersions(c.version, min) < 0) {
        out.push({
          subject: c.id,
          severity,
          message: `${c.name} ${c.version.text} is older than ${spec.minV2.version}, its first release with cgroup v2 support (${spec.minV2.why}: ${spec.minV2.source})${onV2 ? '' : '; upgrade it before moving the node to cgroup v2'}`,
          evidence: sourceEvidence(c.source),
          remediation: `${c.id === 'kernel' || c.id === 'systemd' ? `Upgrade the node's OS to a release with ${c.name} ${spec.minV2.version} or later` : `Upgrade ${c.name} to ${spec.minV2.version} or later`}${c.source?.how === 'package' ? ` (package ${c.source.excerpt.split(' ')[0]})` : ''}${onV2 ? '' : ', before the kernel command line moves the node to cgroup v2'}.`,
        });
      } else if (target && !onV2 && c.present && !c.version) {
        // A migration plan must not pass over what it could not read.
        out.push({
          subject: c.id,
          severity: 'info',
          message: `${c.name} is on the node but its version is unknown (${c.unknown}): check it is at least ${spec.minV2.version} before the move (${spec.minV2.source})`,
          evidence: (c.seen ?? []).map((path) => ({ path, excerpt: `${c.name} is here` })),
          remediation: `Check that ${c.name} is ${spec.minV2.version} or later.`,
        });
      }
    }
    return out;
  },
});
