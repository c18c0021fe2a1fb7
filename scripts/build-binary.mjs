#!/usr/bin/env node
// `npm run build:binary`: dist/cgdoctor, one file that runs on a node with no Node.js installed.
// It is Node's own single-executable application (SEA): the whole CLI as one CommonJS bundle with
// every library inlined, turned into a blob with V8's code cache, and injected with postject into
// a stripped copy of the node binary that builds it. Stripping must come before the injection:
// strip rewrites the ELF sections and would drop the blob's.
import { spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'rolldown';

const root = resolve(import.meta.dirname, '..');
const work = join(root, 'dist', 'sea');
const out = join(root, 'dist', 'cgdoctor');
const say = (s) => process.stdout.write(`build:binary: ${s}\n`);

/** Runs a step, printing its output only when it fails. */
function quiet(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`build:binary: ${[cmd, ...args].join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// The lazy import()s in src/libs.ts and the command modules are inlined: a SEA's require() sees
// only Node's built-in modules, so anything left outside the bundle would fail at run time.
await build({
  input: join(root, 'src', 'cli', 'binary.ts'),
  platform: 'node',
  external: [/^node:/],
  logLevel: 'warn',
  output: { file: join(work, 'cgdoctor.cjs'), format: 'cjs', codeSplitting: false, sourcemap: false },
});

const config = join(work, 'sea-config.json');
writeFileSync(config, JSON.stringify({ main: join(work, 'cgdoctor.cjs'), output: join(work, 'sea.blob'), disableExperimentalSEAWarning: true, useCodeCache: true }));
quiet(process.execPath, ['--experimental-sea-config', config]);

rmSync(out, { force: true });
copyFileSync(process.execPath, out);
chmodSync(out, 0o755);
const strip = spawnSync('strip', ['--strip-all', out], { encoding: 'utf8' });
if (strip.error || strip.status !== 0) say(`not stripped (${strip.error?.message ?? strip.stderr.trim()}): the binary is larger but works`);

// The fuse is the sentinel string Node's SEA documentation gives for every release. postject runs
// as a child: its ELF library warns about node's unnamed notes on every run, which means nothing.
quiet(process.execPath, [
  createRequire(import.meta.url).resolve('postject/dist/cli.js'),
  out,
  'NODE_SEA_BLOB',
  join(work, 'sea.blob'),
  '--sentinel-fuse',
  'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
]);
rmSync(work, { recursive: true, force: true });
say(`wrote ${out} (${(statSync(out).size / 2 ** 20).toFixed(1)} MiB, node ${process.version})`);
