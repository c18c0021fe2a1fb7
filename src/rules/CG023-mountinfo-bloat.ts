import { defineRule } from './define.js';
import { TARGET_EXACT } from '../collect/parse/mountinfo.js';

export default defineRule({
  id: 'CG023',
  name: 'mountinfo-bloat',
  severity: 'warning',
  needs: ['mounts'],
  tolerates: ['mounts'],
  options: {
    warnAt: { default: 10000, description: 'mountinfo lines at which to warn', integer: true, min: 1, notAbove: 'errorAt' },
    errorAt: { default: 50000, description: 'mountinfo lines at which it is an error', integer: true, min: 1 },
  },
  docs: {
    title: 'The mount table has grown huge (leaked mounts)',
    checks: 'The lines of proc/self/mountinfo: a warning from 10,000, an error from 50,000 (configurable), with the most repeated sources and mountpoints.',
    why: 'Every process that reads the mount table pays for its size: runc init, systemd and kubelet parse it over and over, burning CPU and slowing every container start. The usual cause is a leak, such as shm or overlay mounts of dead containers.',
    symptoms: ['runc init, systemd and kubelet burn CPU', 'docker exec slow'],
    fix: 'Find and unmount the leak (containerd#5113, kubernetes#31272).',
    refs: ['https://github.com/containerd/containerd/issues/5113', 'https://github.com/kubernetes/kubernetes/issues/31272'],
  },
  check({ mounts }, { options }) {
    if (mounts.lineCount < options['warnAt']!) return [];
    // Past the first lines mountpoints are sampled, so their counts are estimates.
    const approx = mounts.lineCount > TARGET_EXACT ? '~' : '';
    const top = (xs: Array<{ key: string; count: number }>, a = '') =>
      xs
        .slice(0, 3)
        .map((x) => `${x.key} ×${a}${x.count}`)
        .join(', ');
    return [
      {
        subject: mounts.path,
        message: `${mounts.path} has ${mounts.lineCount} mounts; most repeated sources: ${top(mounts.topSources)}; mountpoints: ${top(mounts.topTargets, approx)}`,
        evidence: [{ path: mounts.path, excerpt: `${mounts.lineCount} lines` }],
        remediation: `Find what leaks the most repeated mount (${mounts.topTargets[0]?.key ?? '?'}), unmount the dead ones (\`findmnt -rn -o TARGET | grep ... | xargs -r umount\`), and fix or upgrade the component that leaks them.`,
        ...(mounts.lineCount >= options['errorAt']! ? { severity: 'error' as const } : {}),
      },
    ];
  },
});
