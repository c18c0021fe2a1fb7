import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Run } from './lib/journal.js';
import { startDaemon, type Finding } from './lib/support.js';
import { missingProgram, systemCase } from './cases.js';
import { ROOT } from '../helpers.js';
import type { MigrationPlan } from '../../src/migration.js';

/**
 * Versions read off this machine without running anything, checked against what the tools say
 * of themselves; and a JVM whose release file differs inside its mount namespace, which only the
 * kernel's proc/<pid>/root shows, so the scan must read the container's file, not the node's.
 */

const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');

function scanTarget(env: NodeJS.ProcessEnv = process.env): { code: number | null; findings: Finding[]; migration: MigrationPlan } {
  const r = spawnSync(process.execPath, [BIN, 'scan', '--root', '/', '--target', 'v2', '--format', 'json'], {
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  const j = JSON.parse(r.stdout) as { findings: Finding[]; migration: MigrationPlan };
  return { code: r.status, ...j };
}

const dpkgVersion = (pkg: string) => {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

describe('component versions of this machine', () => {
  for (const [id, pkg] of [
    ['runc', 'runc'],
    ['containerd', 'containerd'],
  ] as const) {
    it(`${id}: the package's version, since Debian builds its binary with -trimpath`, (ctx) => {
      const why = missingProgram(id) ?? (dpkgVersion(pkg) ? undefined : `${pkg} is not a dpkg package here`);
      if (why) ctx.skip(why);
      const c = scanTarget().migration.components.find((x) => x.id === id);
      expect(c).toMatchObject({ version: dpkgVersion(pkg), source: expect.stringMatching(/^var\/lib\/dpkg\/status:\d+$/) });
    });
  }

  it("Docker: dockerd's own version, from its Go build information, as `dockerd --version` says it", (ctx) => {
    const why = missingProgram('dockerd');
    if (why) ctx.skip(why);
    const said = /^Docker version ([^,\s]+)/.exec(spawnSync('dockerd', ['--version'], { encoding: 'utf8' }).stdout)?.[1];
    const c = scanTarget().migration.components.find((x) => x.id === 'docker');
    expect(said).toBeDefined();
    expect(c).toMatchObject({ version: said, source: expect.stringMatching(/dockerd$/) });
  });
});

/** A java process whose mount namespace shows `release` over its JDK's own (or the JDK's own, without one). */
function startJvm(run: Run, release: string | undefined): number {
  const java = fs.realpathSync('/usr/bin/java');
  const home = path.dirname(path.dirname(java));
  const dir = run.tempDir('jvm');
  fs.writeFileSync(path.join(dir, 'Sleep.java'), 'public class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(300000); } }\n');
  const bind = release === undefined ? '' : `mount --bind "$0/release" "${home}/release" && `;
  if (release !== undefined) fs.writeFileSync(path.join(dir, 'release'), release);
  // The namespace's mounts go with its last process, and -XX:-UsePerfData leaves no /tmp/hsperfdata_root file
  // when the run kills it: nothing is left on the machine.
  const pid = startDaemon(
    run,
    'unshare',
    ['-m', '--propagation', 'private', 'sh', '-c', `${bind}exec "${java}" -Xmx32m -XX:+UseSerialGC -XX:-UsePerfData "$0/Sleep.java"`, dir],
    'java',
  );
  return pid;
}

const jvmFindings = (pid: number) => scanTarget().findings.filter((f) => f.rule === 'CG033' && f.subject === `pid ${pid}`);

describe('a JVM in its own mount namespace', () => {
  systemCase("is judged by the release file its namespace shows (a JDK 8u292's), not the node's", ['root', 'unshare', 'bin:java'], (run) => {
    const java = fs.realpathSync('/usr/bin/java');
    const home = path.dirname(path.dirname(java));
    const pid = startJvm(run, 'JAVA_VERSION="1.8.0_292"\nIMPLEMENTOR="AdoptOpenJDK"\n');
    const f = jvmFindings(pid);
    expect(f.map((x) => [x.severity, x.evidence[0]!.path, x.evidence[0]!.excerpt])).toEqual([
      ['error', `proc/${pid}/root${home}/release`, 'JAVA_VERSION="1.8.0_292" (AdoptOpenJDK)'],
    ]);
    // The node's own file at that path is the installed JDK's.
    expect(fs.readFileSync(path.join(home, 'release'), 'utf8')).not.toContain('1.8.0_292');
  });

  systemCase("is quiet on the machine's own JDK, read through the same link", ['root', 'unshare', 'bin:java'], (run) => {
    const pid = startJvm(run, undefined);
    const r = scanTarget();
    expect(r.findings.filter((f) => f.rule === 'CG033' && f.subject === `pid ${pid}`)).toEqual([]);
    // Seen, and read: the installed JDK's version, from the file the namespace shares with the node.
    const own = /JAVA_VERSION="([^"]+)"/.exec(fs.readFileSync(path.join(path.dirname(path.dirname(fs.realpathSync('/usr/bin/java'))), 'release'), 'utf8'))?.[1];
    expect(r.migration.workloads.find((w) => w.pid === pid)).toMatchObject({
      runtime: 'openjdk',
      version: own,
      source: expect.stringMatching(new RegExp(`^proc/${pid}/root/.*/release:\\d+$`)),
    });
  });
});
