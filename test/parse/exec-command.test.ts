import { describe, expect, it } from 'vitest';
import { decide, readExecCommand, testedPaths, type PathKind } from '../../src/collect/parse/exec-command.js';

/** The directories an Exec*= value creates on a tree (`+` runs, `?` may run), and what it depends on. */
function created(value: string, tree: Record<string, PathKind> = {}, unit = 'kubelet.service') {
  const r = readExecCommand(value, { unit });
  const kind = (p: string): PathKind => tree[p] ?? 'absent';
  return r.mkdirs.flatMap((m) => {
    const d = decide(r, m, kind);
    if (d.runs === false) return [];
    return [...m.targets, ...m.unresolved].map((t) => `${d.runs ? '+' : '?'}${t}${d.depends.length > 0 ? ` (${d.depends.join('; ')})` : ''}`);
  });
}

const V1: Record<string, PathKind> = { '/sys/fs/cgroup/systemd': 'dir', '/sys/fs/cgroup/cpuset': 'dir', '/sys/fs/cgroup/memory': 'dir' };
const V2: Record<string, PathKind> = { '/sys/fs/cgroup/cgroup.controllers': 'file' };

// kind's drop-in (images/base/files/etc/systemd/system/kubelet.service.d/11-kind.conf).
const KIND_V2_LINE = '/bin/sh -euc "if [ -f /sys/fs/cgroup/cgroup.controllers ]; then /kind/bin/create-kubelet-cgroup-v2.sh; fi"';
const KIND_WSL_LINE = '/bin/sh -euc "if [ ! -f /sys/fs/cgroup/cgroup.controllers ] && [ ! -d /sys/fs/cgroup/systemd/kubelet ]; then mkdir -p /sys/fs/cgroup/systemd/kubelet; fi"';
// lework/kainstall's kubelet drop-in 11-cgroup.conf: bash brace expansion, a quoted comma kept.
const KAINSTALL = `/bin/bash -c '/bin/mkdir -p /sys/fs/cgroup/{cpuset,memory,hugetlb,systemd,pids,"cpu,cpuacct"}/{system,kube,kubepods}.slice||:'`;

describe('ExecStartPre= read as systemd and the shell read it', () => {
  it.each([
    ['a direct mkdir: every target', '/bin/mkdir -p /sys/fs/cgroup/cpuset/a /sys/fs/cgroup/memory/a', ['+/sys/fs/cgroup/cpuset/a', '+/sys/fs/cgroup/memory/a']],
    ["systemd's prefixes", '-@/bin/mkdir mkdir -p /sys/fs/cgroup/pids/a', ['+/sys/fs/cgroup/pids/a']],
    ['+!: prefixes and mkdir options', '+!:/usr/bin/mkdir -m 0755 -pv -- /sys/fs/cgroup/pids/a', ['+/sys/fs/cgroup/pids/a']],
    ['systemd does no brace expansion', '/bin/mkdir -p /sys/fs/cgroup/{cpuset,memory}/a', ['+/sys/fs/cgroup/{cpuset,memory}/a']],
    ['%n is the unit name', '/bin/mkdir -p /sys/fs/cgroup/cpuset/system.slice/%n', ['+/sys/fs/cgroup/cpuset/system.slice/kubelet.service']],
    [
      '%% is a %, and a specifier the name does not tell stays',
      '/bin/mkdir -p /sys/fs/cgroup/pids/%%p /sys/fs/cgroup/pids/%H',
      ['+/sys/fs/cgroup/pids/%p', '+/sys/fs/cgroup/pids/%H'],
    ],
    ['a variable of the unit', '/bin/mkdir -p ${CGROUP_DIR}/kubelet /sys/fs/cgroup/pids/a', ['+/sys/fs/cgroup/pids/a', '+${CGROUP_DIR}/kubelet']],
    [
      'sh -c: commands split by ; && || and newlines',
      "/bin/sh -c 'echo start; mkdir -p /sys/fs/cgroup/a && mkdir /sys/fs/cgroup/b\nmkdir -p /sys/fs/cgroup/c'",
      ['+/sys/fs/cgroup/a', '+/sys/fs/cgroup/b', '+/sys/fs/cgroup/c'],
    ],
    ['a mkdir after an && chain of ones that succeed', "/bin/sh -c 'true && mkdir -p /sys/fs/cgroup/a && mkdir -p /sys/fs/cgroup/b'", ['+/sys/fs/cgroup/a', '+/sys/fs/cgroup/b']],
    ['mkdir -p succeeds, so what follows || does not run', "/bin/sh -c 'mkdir -p /sys/fs/cgroup/a || mkdir -p /sys/fs/cgroup/b'", ['+/sys/fs/cgroup/a']],
    ['a mkdir of a directory that is not under /sys/fs/cgroup', '/bin/mkdir -p /var/lib/kubelet', ['+/var/lib/kubelet']],
    ['a shell running a script file: not read here', '/bin/bash /usr/local/bin/prep.sh', []],
    ['echo mentions a path but creates nothing', "/bin/sh -c 'echo mkdir /sys/fs/cgroup/x'", []],
  ])('%s', (_n, value, want) => expect(created(value, V1)).toEqual(want));

  it.each([
    ['[ -d X ] && mkdir: the hierarchy exists on v1', "/bin/sh -c '[ -d /sys/fs/cgroup/cpuset ] && mkdir -p /sys/fs/cgroup/cpuset/k'", V1, ['+/sys/fs/cgroup/cpuset/k']],
    ['[ -d X ] && mkdir: and not on v2', "/bin/sh -c '[ -d /sys/fs/cgroup/cpuset ] && mkdir -p /sys/fs/cgroup/cpuset/k'", V2, []],
    ['[ -f X ] || mkdir: v2 has the file, so nothing is made', "/bin/sh -c '[ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir -p /sys/fs/cgroup/cpuset/k'", V2, []],
    ['[ -f X ] || mkdir: v1 has not', "/bin/sh -c '[ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir -p /sys/fs/cgroup/cpuset/k'", V1, ['+/sys/fs/cgroup/cpuset/k']],
    ['test, and -a', "/bin/sh -c 'test -d /sys/fs/cgroup/cpuset -a -d /sys/fs/cgroup/memory && mkdir -p /sys/fs/cgroup/memory/k'", V1, ['+/sys/fs/cgroup/memory/k']],
    [
      'if / elif / else',
      "/bin/sh -c 'if [ -f /sys/fs/cgroup/cgroup.controllers ]; then mkdir -p /sys/fs/cgroup/k; elif [ -d /sys/fs/cgroup/cpuset ]; then mkdir -p /sys/fs/cgroup/cpuset/k; else mkdir -p /sys/fs/cgroup/other; fi'",
      V1,
      ['+/sys/fs/cgroup/cpuset/k'],
    ],
    [
      'the same script on v2 takes the first branch',
      "/bin/sh -c 'if [ -f /sys/fs/cgroup/cgroup.controllers ]; then mkdir -p /sys/fs/cgroup/k; else mkdir -p /sys/fs/cgroup/cpuset/k; fi'",
      V2,
      ['+/sys/fs/cgroup/k'],
    ],
    ['exit stops the script', "/bin/sh -c '[ -f /sys/fs/cgroup/cgroup.controllers ] && exit 0; mkdir -p /sys/fs/cgroup/cpuset/k'", V2, []],
    ['set -e stops at a failing test', "/bin/sh -ec 'test -d /sys/fs/cgroup/cpuset; mkdir -p /sys/fs/cgroup/cpuset/k'", V2, []],
    ['nor with -o errexit', "/bin/bash -o errexit -c 'test -d /sys/fs/cgroup/cpuset; mkdir -p /sys/fs/cgroup/cpuset/k'", V2, []],
    ['without -e it does not', "/bin/sh -c 'test -d /sys/fs/cgroup/cpuset; mkdir -p /sys/fs/cgroup/cpuset/k'", V2, ['+/sys/fs/cgroup/cpuset/k']],
    ['! negates', "/bin/sh -c '! [ -d /sys/fs/cgroup/cpuset ] || mkdir -p /sys/fs/cgroup/cpuset/k'", V1, ['+/sys/fs/cgroup/cpuset/k']],
    [
      '[[ ]] in bash',
      '/bin/bash -c "[[ -d /sys/fs/cgroup/cpuset && ! -f /sys/fs/cgroup/cgroup.controllers ]] && mkdir -p /sys/fs/cgroup/cpuset/k"',
      V1,
      ['+/sys/fs/cgroup/cpuset/k'],
    ],
    ['{ } groups', "/bin/sh -c '[ -d /sys/fs/cgroup/cpuset ] && { mkdir -p /sys/fs/cgroup/cpuset/k; mkdir -p /sys/fs/cgroup/memory/k; }'", V2, []],
  ])('%s', (_n, value, tree, want) => expect(created(value, tree)).toEqual(want));

  it('%P and %I are unescaped, - as /', () => {
    expect(created('/bin/mkdir -p /sys/fs/cgroup/pids/%P/%p', V1, 'cri-docker.service')).toEqual(['+/sys/fs/cgroup/pids/cri/docker/cri-docker']);
  });

  it("kind's drop-in: the v2 line runs a script and makes nothing itself; the other runs only on v1", () => {
    expect(created(KIND_V2_LINE, V2)).toEqual([]);
    expect(created(KIND_V2_LINE, V1)).toEqual([]);
    expect(created(KIND_WSL_LINE, V2)).toEqual([]);
    expect(created(KIND_WSL_LINE, V1)).toEqual(['+/sys/fs/cgroup/systemd/kubelet']);
  });

  it('a test of the very directory the line creates cannot be told after the fact: it is made whenever it is missing', () => {
    expect(created(KIND_WSL_LINE, { ...V1, '/sys/fs/cgroup/systemd/kubelet': 'dir' })).toEqual(['?/sys/fs/cgroup/systemd/kubelet']);
    expect(created("/bin/sh -c '[ -d /sys/fs/cgroup/cpuset/k ] || mkdir /sys/fs/cgroup/cpuset/k'", { ...V1, '/sys/fs/cgroup/cpuset/k': 'dir' })).toEqual([
      '?/sys/fs/cgroup/cpuset/k',
    ]);
  });

  it('bash expands braces, nested and with a quoted comma; sh does not', () => {
    const bash = created(KAINSTALL, V1);
    expect(bash).toHaveLength(18);
    expect(bash.slice(0, 3)).toEqual(['+/sys/fs/cgroup/cpuset/system.slice', '+/sys/fs/cgroup/cpuset/kube.slice', '+/sys/fs/cgroup/cpuset/kubepods.slice']);
    expect(bash).toContain('+/sys/fs/cgroup/cpu,cpuacct/kubepods.slice');
    expect(created(KAINSTALL.replace('/bin/bash', '/bin/sh'), V1)).toEqual(['+/sys/fs/cgroup/{cpuset,memory,hugetlb,systemd,pids,cpu,cpuacct}/{system,kube,kubepods}.slice']);
    expect(created("/bin/bash -c 'mkdir -p /sys/fs/cgroup/pids/k{1..3}'", V1)).toEqual(['+/sys/fs/cgroup/pids/k1', '+/sys/fs/cgroup/pids/k2', '+/sys/fs/cgroup/pids/k3']);
    expect(created("/bin/bash -c 'mkdir -p /sys/fs/cgroup/pids/k{09..10}'", V1)).toEqual(['+/sys/fs/cgroup/pids/k09', '+/sys/fs/cgroup/pids/k10']);
    expect(created("/bin/bash -c 'mkdir -p /sys/fs/cgroup/pids/{k}'", V1)).toEqual(['+/sys/fs/cgroup/pids/{k}']);
  });

  it('says what a mkdir depends on when the tree cannot tell', () => {
    expect(created("/bin/sh -c 'grep -q cpuset /proc/cgroups && mkdir -p /sys/fs/cgroup/cpuset/k'", V1)).toEqual(['?/sys/fs/cgroup/cpuset/k (`grep -q cpuset /proc/cgroups`)']);
    expect(created("/bin/sh -c '[ -d /sys/fs/cgroup/cpuset ] && mkdir -p /sys/fs/cgroup/cpuset/k'", { '/sys/fs/cgroup/cpuset': 'unknown' })).toEqual([
      '?/sys/fs/cgroup/cpuset/k (whether /sys/fs/cgroup/cpuset exists, which it could not read)',
    ]);
    expect(created('/bin/sh -c \'mkdir -p "/sys/fs/cgroup/$c/k"\'', V1)).toEqual(['+"/sys/fs/cgroup/$c/k"']);
  });

  it('what it does not follow, it does not guess: every mkdir of the script may run', () => {
    const r = readExecCommand("/bin/sh -c 'for c in cpuset memory; do mkdir -p /sys/fs/cgroup/$c/k; done; mkdir -p /sys/fs/cgroup/pids/k'");
    expect(r.unread).toBe('"for"');
    expect(created("/bin/sh -c 'for c in cpuset memory; do mkdir -p /sys/fs/cgroup/$c/k; done; mkdir -p /sys/fs/cgroup/pids/k'", V1)).toEqual([
      '?/sys/fs/cgroup/$c/k (the script uses "for", which cgdoctor does not follow)',
      '?/sys/fs/cgroup/pids/k (the script uses "for", which cgdoctor does not follow)',
    ]);
    expect(created("/bin/sh -c 'mkdir -p /sys/fs/cgroup/pids/k; echo \"unterminated'", V1)).toEqual([
      '?/sys/fs/cgroup/pids/k (the script uses an unterminated quote, which cgdoctor does not follow)',
    ]);
  });

  it('lists the paths the conditions test, for the collector to look up', () => {
    expect(testedPaths(readExecCommand(KIND_WSL_LINE)).sort()).toEqual(['/sys/fs/cgroup/cgroup.controllers', '/sys/fs/cgroup/systemd/kubelet']);
  });
});
