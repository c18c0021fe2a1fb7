#!/usr/bin/env node
// The first step of `npm run test:system`: the Debian packages the real-kernel suite needs,
// installed with apt-get when missing. Idempotent, and it never fails the run: when it cannot
// install (not root, no apt-get, Debian's mirror out of reach) it says why on one line, and the
// cases that need the package skip with their own reason.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// One list, shared with the cases that skip when a package is missing (test/system/cases.ts).
const PACKAGES = JSON.parse(readFileSync(new URL('./system-packages.json', import.meta.url), 'utf8'));

const say = (s) => process.stdout.write(`system-deps: ${s}\n`);

function installed(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

function apt(args, timeout) {
  const r = spawnSync('apt-get', args, { encoding: 'utf8', timeout, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const last = `${r.stderr ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('E:') || l.startsWith('Err'))
    .pop();
  return { ok: r.status === 0, why: r.error?.code === 'ETIMEDOUT' ? `apt-get ${args[0]} timed out after ${timeout / 1000} s` : (last ?? `apt-get ${args[0]} exited ${r.status}`) };
}

function main() {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    return say(`not a Debian system (no dpkg-query): nothing installed; cases needing ${PACKAGES.map((p) => p.name).join(', ')} skip if those are missing`);
  }
  const missing = PACKAGES.filter((p) => !installed(p.name));
  if (missing.length === 0) return say(`${PACKAGES.map((p) => p.name).join(', ')} already installed`);
  const names = missing.map((p) => p.name);
  const skipNote = `the cases needing ${names.join(', ')} skip`;
  if (process.getuid?.() !== 0) return say(`not root: cannot install ${names.join(', ')}; ${skipNote}`);
  if (spawnSync('apt-get', ['--version']).status !== 0) return say(`apt-get is not available: cannot install ${names.join(', ')}; ${skipNote}`);
  for (const p of missing) say(`installing ${p.name} (${p.why})`);
  const install = ['install', '-y', '--no-install-recommends', ...names];
  let r = apt(install, 600_000);
  if (!r.ok) {
    // Package lists may be missing or stale on a fresh machine.
    apt(['update'], 300_000);
    r = apt(install, 600_000);
  }
  if (!r.ok) return say(`could not install ${names.join(', ')} (${r.why}); ${skipNote}`);
  say(`installed ${names.join(', ')}`);
}

main();
