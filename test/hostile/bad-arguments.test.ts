import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, testTmp } from '../helpers.js';

/**
 * Arguments that make no sense are refused the same way everywhere: exit 2 and one line on
 * stderr that names the argument, no stack trace, no report, nothing written. One row each;
 * `setup` may make files in the test's temporary directory and returns the command line.
 */
const SEED = path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root');
const tmp = testTmp();

interface Row {
  setup: (t: string) => string[];
  /** The line, without `cgdoctor: ` and the newline. */
  line: RegExp;
  input?: string | Buffer;
  check?: (t: string) => void;
}

const config = (t: string, name: string, yaml: string) => {
  fs.writeFileSync(path.join(t, name), yaml);
  return path.join(t, name);
};
const emptyDir = (t: string) => fs.mkdtempSync(path.join(t, 'empty-'));
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}-padding-padding-padding`);

const ROWS: Record<string, Row> = {
  '--kubelet-version banana': {
    setup: () => ['scan', '--root', SEED, '--kubelet-version', 'banana'],
    line: /^--kubelet-version banana: expected a Kubernetes version such as 1\.29 or v1\.29\.3$/,
  },
  '--kubelet-version 2.0.0': { setup: () => ['scan', '--root', SEED, '--kubelet-version', '2.0.0'], line: /^--kubelet-version 2\.0\.0: expected a Kubernetes version/ },
  'kubeletVersion: banana in .cgdoctor.yaml': {
    setup: (t) => ['scan', '--root', SEED, '--config', config(t, 'v.yaml', 'failOn: warning\nkubeletVersion: banana\n')],
    line: /^[^ ]*v\.yaml: kubeletVersion: banana: expected a Kubernetes version such as 1\.29 or v1\.29\.3 \(line 2\)$/,
  },
  'kubeletVersion: 1.30 unquoted (YAML reads the number 1.3)': {
    setup: (t) => ['scan', '--root', SEED, '--config', config(t, 'n.yaml', 'kubeletVersion: 1.30\n')],
    line: /^[^ ]*n\.yaml: kubeletVersion: quote the version/,
  },
  '--threshold warnAt above the default errorAt': {
    setup: () => ['scan', '--root', SEED, '--threshold', 'CG020.warnAt=70000'],
    line: /^--threshold CG020\.warnAt=70000: warnAt must not be above errorAt \(60000\)$/,
  },
  "--threshold errorAt below the file's warnAt": {
    setup: (t) => ['scan', '--root', SEED, '--config', config(t, 'w.yaml', 'thresholds:\n  CG023: { warnAt: 20000 }\n'), '--threshold', 'CG023.errorAt=15000'],
    line: /^--threshold CG023\.errorAt=15000: errorAt must not be below warnAt \(20000\)$/,
  },
  'thresholds in the file: warnAt above errorAt': {
    setup: (t) => ['scan', '--root', SEED, '--config', config(t, 't.yaml', 'thresholds:\n  CG020:\n    warnAt: 50000\n    errorAt: 40000\n')],
    line: /^[^ ]*t\.yaml: thresholds\.CG020\.warnAt: warnAt must not be above errorAt \(40000\) \(line 3\)$/,
  },
  '--threshold a fraction of a count': {
    setup: () => ['scan', '--root', SEED, '--threshold', 'CG021.threshold=2.5'],
    line: /^--threshold CG021\.threshold=2\.5: threshold must be a whole number$/,
  },
  '--threshold zero': { setup: () => ['scan', '--root', SEED, '--threshold', 'CG020.errorAt=0'], line: /^--threshold CG020\.errorAt=0: errorAt must be at least 1$/ },
  'a fraction in the file': {
    setup: (t) => ['scan', '--root', SEED, '--config', config(t, 'f.yaml', 'thresholds:\n  CG023: { warnAt: 0.5 }\n')],
    line: /^[^ ]*f\.yaml: thresholds\.CG023\.warnAt: warnAt must be a whole number \(got 0\.5\) \(line 2\)$/,
  },
  '--from with --root': { setup: () => ['scan', '--from', 'node.tar.gz', '--root', SEED], line: /^option '--from <capture>' cannot be used with option '-r, --root <dir>'$/ },
  'capture of a root where nothing can be checked: no archive': {
    setup: (t) => ['capture', '--root', emptyDir(t), '-o', path.join(t, 'nothing.tar.gz')],
    line: /^nothing could be checked under [^ ]*empty-\w+: every rule was skipped \(.*\); no archive written$/,
    check: (t) => expect(fs.existsSync(path.join(t, 'nothing.tar.gz'))).toBe(false),
  },
  'diff against a root where nothing can be checked': { setup: (t) => ['diff', SEED, emptyDir(t)], line: /^nothing could be checked under [^ ]*empty-\w+: every rule was skipped/ },
  'an unknown command with --help after it': { setup: () => ['reprot', '--help'], line: /^unknown command 'reprot' \(did you mean report\?\)$/ },
  'an unknown command': { setup: () => ['frobnicate'], line: /^unknown command 'frobnicate'$/ },
  'a mistyped command names the nearest': { setup: () => ['scna', '--root', SEED], line: /^unknown command 'scna' \(did you mean scan\?\)$/ },
  'help for an unknown command': { setup: () => ['help', 'frobnicate'], line: /^unknown command 'frobnicate'$/ },
  "an unknown option: commander's error and hint on one line": { setup: () => ['scan', '--bogus'], line: /^unknown option '--bogus' \(did you mean --logs\?\)$/ },
  'a required option missing': { setup: () => ['capture'], line: /^required option '-o, --output <file>' not specified$/ },
  'explain, a query over 64 KiB': { setup: () => ['explain', ...words(2500)], line: /^explain: the message is \d+ bytes; explain reads at most 65536/ },
  'explain -, over 64 KiB on stdin (1 MB)': {
    setup: () => ['explain', '-'],
    input: 'cgroup '.repeat(150_000),
    line: /^explain: the message is over 65536 bytes; explain reads at most 65536/,
  },
  'explain -, nothing on stdin': { setup: () => ['explain', '-'], input: '', line: /^explain -: standard input is empty$/ },
  'explain --root that does not exist, whatever the message': {
    setup: (t) => ['explain', '--root', path.join(t, 'nope'), 'the quick brown fox'],
    line: /^--root [^ ]*nope: no such directory$/,
  },
  'explain --from that does not exist': {
    setup: (t) => ['explain', '--from', path.join(t, 'nope.tar.gz'), 'cgroups: cannot find cgroup mount destination'],
    line: /^[^ ]*nope\.tar\.gz: no such file$/,
  },
  'explain with both --root and --from': {
    setup: (t) => ['explain', '--root', t, '--from', path.join(t, 'x.tar'), 'unknown container'],
    line: /^option '--from <capture>' cannot be used with option '-r, --root <dir>'$/,
  },
  '--logs - twice': { setup: () => ['scan', '--root', SEED, '--logs', '-', '-'], input: 'x\n', line: /^--logs -: standard input can be read only once$/ },
};

describe('bad arguments: one line, exit 2', () => {
  it.each(Object.entries(ROWS))('%s', (_name, row) => {
    const t = fs.mkdtempSync(path.join(tmp(), 'case-'));
    const r = runCli(row.setup(t), {}, undefined, row.input !== undefined ? { input: row.input } : {});
    expect(r.stderr).toMatch(/^cgdoctor: [^\n]*\n$/);
    expect(r.stderr.slice('cgdoctor: '.length, -1)).toMatch(row.line);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    row.check?.(t);
  });
});

describe('what is fine is not refused', () => {
  it.each([
    ['1.35', '1.35.0'],
    ['v1.29.3', '1.29.3'],
    ['1.30.0-rc.0', '1.30.0'],
    ['v1.29.3+k3s1', '1.29.3'],
  ])('--kubelet-version %s is %s', (given, text) => {
    const r = runCli(['scan', '--root', SEED, '--kubelet-version', given, '--format', 'json']);
    expect(r.code).toBe(1);
    const cg018 = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; severity: string; message: string }> }).findings.find((f) => f.rule === 'CG018')!;
    // CG018 is fatal from 1.35: the version was understood, not treated as unknown.
    expect(cg018.severity).toBe(given === '1.35' ? 'error' : 'warning');
    expect(cg018.message).toContain(text);
  });

  it('warnAt equal to errorAt is an ordering, not a contradiction', () => {
    expect(runCli(['scan', '--root', SEED, '--threshold', 'CG020.warnAt=50000', '--threshold', 'CG020.errorAt=50000']).code).toBe(1);
  });

  it('explain with no match echoes at most ~120 characters of the query', () => {
    const query = words(1000).join(' ');
    const r = runCli(['explain', query]);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeLessThan(300);
    expect(r.stdout).toContain(`${query.slice(0, 100)}`);
    expect(r.stdout).toContain('…');
  });
});
