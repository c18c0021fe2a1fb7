import { defineRule } from './define.js';
import { knownSettings } from '../collect/kubelet.js';

export default defineRule({
  id: 'CG030',
  name: 'quoted-flag-value',
  severity: 'error',
  needs: ['kubelet'],
  docs: {
    title: 'A kubelet flag or config value carries literal quote characters',
    checks: "Every kubelet flag, and the config file's values that cgdoctor reads: a value containing ' or \" (--cgroup-driver=\"'systemd'\", 'systemd' from an env file).",
    why: "Quotes are removed only once: inner quotes in an env file or a drop-in reach kubelet as part of the value, so 'systemd' is not systemd, and the check that compares it fails with a message that looks right at a glance.",
    symptoms: ['kubelet cgroup driver: "\'systemd\'" is different from ...'],
    fix: 'Remove the inner quotes in the env file or drop-in.',
    refs: ['https://github.com/kubernetes/kubernetes/issues/87918'],
  },
  check({ kubelet }) {
    const out = [];
    for (const f of kubelet.flags.values()) {
      if (!/['"]/.test(f.value)) continue;
      out.push({
        subject: `--${f.name}`,
        message: `--${f.name} reaches kubelet as ${JSON.stringify(f.value)}, quotes included: kubelet compares it with ${JSON.stringify(f.value.replace(/['"]/g, ''))} and they differ`,
        evidence: [{ path: f.source.path, ...(f.source.line !== undefined ? { line: f.source.line } : {}), excerpt: f.text }],
        remediation: `Write --${f.name}=${f.value.replace(/['"]/g, '')} in ${f.source.path.startsWith('proc/') ? 'the unit or env file that starts kubelet' : `/${f.source.path}`}, without the inner quotes, and restart kubelet.`,
      });
    }
    // An unknown setting has no value to hold quotes: the flags and the known settings are all there is.
    for (const [, s] of knownSettings(kubelet)) {
      if (s.origin !== 'config' || typeof s.value !== 'string' || !/['"]/.test(s.value)) continue;
      out.push({
        subject: s.key,
        message: `${s.key} in ${s.source?.path} is ${JSON.stringify(s.value)}, quotes included`,
        evidence: s.source ? [{ path: s.source.path, ...(s.source.line !== undefined ? { line: s.source.line } : {}), excerpt: s.source.excerpt ?? '' }] : [],
        remediation: `Set ${s.key}: ${s.value.replace(/['"]/g, '')} (YAML needs no inner quotes) and restart kubelet.`,
      });
    }
    return out;
  },
});
