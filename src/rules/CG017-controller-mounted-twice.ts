import { defineRule } from './define.js';
import { listSome } from './helpers.js';

export default defineRule({
  id: 'CG017',
  name: 'controller-mounted-twice',
  severity: 'warning',
  needs: ['mounts'],
  tolerates: ['mounts'],
  docs: {
    title: 'A v1 controller is mounted at more than one mountpoint',
    checks: 'Every v1 hierarchy in mountinfo: more than one distinct mountpoint (cpuset at /sys/fs/cgroup/cpuset and at /dev/cpuset).',
    why: 'Tools pick different mounts: before 1.20 kubelet took a random one, the runtime another, so they read and write different trees and stats go missing.',
    symptoms: ['kubelet and the runtime read different trees; stats missing (kubernetes#95488)'],
    fix: 'Unmount the extra mount; kubelet >= 1.20 picks the shortest path.',
    refs: ['https://github.com/kubernetes/kubernetes/issues/95488'],
  },
  check({ mounts }) {
    return mounts.hierarchies
      .filter((h) => h.version === 1 && new Set(h.mounts.map((m) => m.mountpoint)).size > 1)
      .map((h) => {
        const points = [...new Set(h.mounts.map((m) => m.mountpoint))];
        const extra = points.filter((p) => p !== h.mount.mountpoint);
        // h.mount is the one under /sys/fs/cgroup when there is one: the others are the extras.
        return {
          subject: h.key,
          message: `${h.key} is mounted at ${listSome(points)}: kubelet and the runtime may read different trees (kubelet >= 1.20 uses the shortest, ${[...points].sort((a, b) => a.length - b.length)[0]})`,
          evidence: h.mounts.map((m) => ({ path: mounts.path, line: m.line, excerpt: `${m.mountpoint} (root ${m.root})` })),
          remediation: `Unmount the extra mount${extra.length === 1 ? '' : 's'} (\`umount ${extra.join(' ')}\`) and remove whatever creates ${extra.length === 1 ? 'it' : 'them'} at boot.`,
        };
      });
  },
});
