#!/usr/bin/env node
// `npm run build:image [-- --save FILE]`: the container image cgdoctor:latest and
// cgdoctor:<version>, FROM scratch (Dockerfile), holding dist/cgdoctor and the shared libraries
// the dynamic linker loads for it, read from ldd. Builds the binary first.
// Docker's legacy builder needs nothing but the daemon (BuildKit may want a frontend image),
// so DOCKER_BUILDKIT=0. --save writes the image as a `docker save` archive, for an air-gapped
// registry (README: "Air-gapped clusters").
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const binary = join(root, 'dist', 'cgdoctor');
const context = join(root, 'dist', 'image');
const rootfs = join(context, 'rootfs');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const say = (s) => process.stdout.write(`build:image: ${s}\n`);
const fail = (s) => {
  process.stderr.write(`build:image: ${s}\n`);
  process.exit(1);
};

const args = process.argv.slice(2);
const saveAt = args.indexOf('--save');
const save = saveAt >= 0 ? args[saveAt + 1] : undefined;
if (saveAt >= 0 && !save) fail('--save needs a file name');

function run(cmd, argv, o = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...o });
  if (r.error || r.status !== 0) fail(`${cmd} ${argv.join(' ')} failed: ${(r.error?.message ?? r.stderr ?? '').trim() || `exit ${r.status}`}`);
  return r.stdout;
}

// Always rebuilt: a dist/cgdoctor left from another checkout would put old code in a new image.
run(process.execPath, [join(root, 'scripts', 'build-binary.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });

// "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)":
// each library at the path the binary asks for, so the same linker finds it in the image.
const libraries = run('ldd', [binary])
  .split('\n')
  .map((l) => /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(l)?.[1])
  .filter(Boolean);
if (!libraries.some((l) => l.includes('/ld-linux'))) fail(`ldd ${binary} names no dynamic linker: is it a dynamically linked ELF for this machine?`);

rmSync(context, { recursive: true, force: true });
mkdirSync(join(rootfs, 'etc'), { recursive: true });
copyFileSync(binary, join(rootfs, 'cgdoctor'));
chmodSync(join(rootfs, 'cgdoctor'), 0o755);
for (const lib of libraries) {
  mkdirSync(join(rootfs, dirname(lib)), { recursive: true });
  copyFileSync(lib, join(rootfs, lib));
}
// The user the image runs as, by name for `ps` and `id`.
writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/:/cgdoctor\nnobody:x:65534:65534:nobody:/nonexistent:/cgdoctor\n');
writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');

const docker = process.env.DOCKER ?? 'docker';
const tags = ['cgdoctor:latest', `cgdoctor:${version}`];
const labels = { 'org.opencontainers.image.title': 'cgdoctor', 'org.opencontainers.image.version': version, 'org.opencontainers.image.licenses': 'Apache-2.0' };
run(
  docker,
  ['build', '--quiet', '-f', join(root, 'Dockerfile'), ...tags.flatMap((t) => ['-t', t]), ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]), context],
  {
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
  },
);
say(`built ${tags.join(' and ')} from ${libraries.length} libraries and dist/cgdoctor`);
if (save) {
  run(docker, ['save', '-o', resolve(save), ...tags]);
  say(`saved ${tags.join(' and ')} to ${save}`);
}
