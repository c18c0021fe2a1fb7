import { describe, expect, it } from 'vitest';
import { expandExec, parseEnvFile, parseEnvironmentDirective, parseUnitFile, splitWords } from '../../src/collect/parse/systemd-unit.js';

describe('parseUnitFile', () => {
  it('joins backslash continuations, keeps the first line number, skips comments inside', () => {
    const u = parseUnitFile('[Service]\n# c\nExecStart=/usr/bin/kubelet \\\n  --a=1 \\\n#  --commented \\\n  --b=2\nRestart=always\n', 'x.service');
    expect(u.directives).toEqual([
      { section: 'Service', key: 'ExecStart', value: '/usr/bin/kubelet --a=1 --b=2', path: 'x.service', line: 3 },
      { section: 'Service', key: 'Restart', value: 'always', path: 'x.service', line: 7 },
    ]);
  });

  it('names a line that is not Key=value', () => {
    expect(parseUnitFile('[Service]\nnonsense\n', 'u').warnings).toEqual([{ path: 'u', line: 2, message: '"nonsense" is not Key=value, line ignored' }]);
  });
});

describe('splitWords', () => {
  it('splits at whitespace and unquotes', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g`).map((w) => w.text)).toEqual(['a', 'b c', 'd e', 'f g']);
  });
  it('marks bare $VAR words, not quoted or embedded ones', () => {
    expect(splitWords('$A "$B" x$C ${D}').map((w) => w.bareVar)).toEqual(['A', undefined, undefined, undefined]);
  });
});

describe('Environment= and EnvironmentFile=', () => {
  it('reads several quoted assignments from one Environment= line', () => {
    const m = parseEnvironmentDirective({ section: 'Service', key: 'Environment', value: '"A=--x=1 --y=2" B=3', path: 'd.conf', line: 4 });
    expect(m.get('A')).toEqual({ value: '--x=1 --y=2', source: { path: 'd.conf', line: 4 } });
    expect(m.get('B')!.value).toBe('3');
  });

  it('strips the outer quotes of an env file value but keeps inner ones', () => {
    const { vars, warnings } = parseEnvFile(`# comment\nKUBELET_EXTRA_ARGS="--cgroup-driver='systemd'"\nexport X=1\nbad line\n`, 'etc/default/kubelet');
    expect(vars.get('KUBELET_EXTRA_ARGS')).toEqual({ value: "--cgroup-driver='systemd'", source: { path: 'etc/default/kubelet', line: 2 } });
    // systemd has no `export`: the name "export X" is invalid and the line is dropped (env-file.c, then strv_env_clean).
    expect(vars.has('X')).toBe(false);
    expect(warnings).toEqual([
      { path: 'etc/default/kubelet', line: 3, message: '"export X" is not a valid variable name, assignment ignored (as systemd does)' },
      { path: 'etc/default/kubelet', line: 4, message: '"bad line" is not KEY=value, line ignored' },
    ]);
  });

  it("reads values with systemd's state machine: quoted parts join, inner quotes of a bare value stay, escapes and continuations", () => {
    const text = ['A="x"y', "B=--cgroup-driver='systemd'", 'C="a \\"b\\" \\n c"', 'D=one\\', 'two   ', "E='multi", "line'", '  F = spaced  ', ''].join('\n');
    const { vars } = parseEnvFile(text, 'env');
    expect(Object.fromEntries([...vars].map(([k, v]) => [k, [v.value, v.source.line]]))).toEqual({
      A: ['xy', 1],
      B: ["--cgroup-driver='systemd'", 2],
      C: ['a "b" \\n c', 3],
      D: ['onetwo', 4],
      E: ['multi\nline', 6],
      F: ['spaced', 8],
    });
  });
});

describe('expandExec', () => {
  const env = new Map([
    ['ARGS', { value: '--a=1  --b=2', source: { path: 'env', line: 3 } }],
    ['ONE', { value: 'x y', source: { path: 'env', line: 4 } }],
  ]);
  it('splits $VAR into words and keeps ${VAR} whole, each citing where it was defined', () => {
    const { argv, unset } = expandExec({ section: 'Service', key: 'ExecStart', value: '-/usr/bin/kubelet $ARGS ${ONE} $MISSING --c=3', path: 'unit', line: 9 }, env);
    expect(argv).toEqual([
      { value: '/usr/bin/kubelet', source: { path: 'unit', line: 9 } },
      { value: '--a=1', source: { path: 'env', line: 3 } },
      { value: '--b=2', source: { path: 'env', line: 3 } },
      { value: 'x y', source: { path: 'env', line: 4 } },
      { value: '--c=3', source: { path: 'unit', line: 9 } },
    ]);
    expect(unset).toEqual(['MISSING']);
  });
});
