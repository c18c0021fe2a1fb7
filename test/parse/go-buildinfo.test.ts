import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ldflagsValue, parseGoBuildInfo, parseModInfo, readGoBuildInfo } from '../../src/collect/parse/go-buildinfo.js';
import { buildInfoSection as section, goBinary, goElf as elf, modInfo } from '../../scripts/go-elf.mjs';

const CORPUS = path.join(import.meta.dirname, '..', 'corpus', 'go-buildinfo');
const runcSection = Buffer.from(fs.readFileSync(path.join(CORPUS, 'runc-1.1.5-debian12.buildinfo.hex'), 'utf8').trim(), 'hex');

const readerOf = (file: Buffer) => (offset: number, length: number) => (offset < file.length ? file.subarray(offset, offset + length) : undefined);

describe('Go build information', () => {
  it("reads Debian's runc 1.1.5: Go 1.19.8, its main package, built outside module mode", () => {
    const info = readGoBuildInfo(readerOf(elf(runcSection)));
    expect(info).toEqual({
      goVersion: 'go1.19.8',
      path: 'github.com/opencontainers/runc',
      deps: [],
      settings: {
        '-compiler': 'gc',
        '-tags': 'seccomp,urfave_cli_no_docs',
        '-trimpath': 'true',
        CGO_ENABLED: '1',
        GOARCH: 'amd64',
        GOOS: 'linux',
        GOAMD64: 'v1',
      },
    });
  });

  it('reads the main module, dependencies and their replacements of a module-mode build', () => {
    const modinfo = [
      'path\tk8s.io/kubernetes/cmd/kubelet',
      'mod\tk8s.io/kubernetes\t(devel)\t',
      'dep\tgithub.com/opencontainers/runc\tv1.1.12\th1:BOIssBaW1uXvuHFF5kKTuvjzNoaDeFXB4HXI9X4Xn3k=',
      'dep\tk8s.io/api\tv0.0.0',
      '=>\t./staging/src/k8s.io/api\t(devel)\t',
      'build\t-ldflags="-X \'k8s.io/component-base/version.gitVersion=v1.29.0\'"',
      '',
    ].join('\n');
    const info = readGoBuildInfo(readerOf(elf(section('go1.21.5', modinfo))));
    expect(info).toMatchObject({
      goVersion: 'go1.21.5',
      path: 'k8s.io/kubernetes/cmd/kubelet',
      main: { path: 'k8s.io/kubernetes', version: '(devel)' },
      deps: [
        { path: 'github.com/opencontainers/runc', version: 'v1.1.12' },
        { path: './staging/src/k8s.io/api', version: '(devel)' },
      ],
    });
    expect((info as { settings: Record<string, string> }).settings['-ldflags']).toBe('"-X \'k8s.io/component-base/version.gitVersion=v1.29.0\'"');
  });

  it('says why when there is none, and reads nothing past what it needs', () => {
    expect(readGoBuildInfo(readerOf(Buffer.from('#!/bin/sh\necho hi\n')))).toBe('not an ELF file');
    const noGo = elf(Buffer.from('not build info at all, 32 bytes or more'));
    expect(readGoBuildInfo(readerOf(noGo))).toBe('no Go build information');
    const old = Buffer.from(runcSection);
    old[15] = 0;
    expect(parseGoBuildInfo(old)).toBe('Go build information of Go 1.17 or older (pointers, not inline strings): not read');
    expect(parseGoBuildInfo(runcSection.subarray(0, 40))).toBe('Go build information cut short');
    const reads: number[] = [];
    const file = elf(runcSection);
    readGoBuildInfo((offset, length) => {
      reads.push(length);
      return file.subarray(offset, offset + length);
    });
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(1024);
  });

  it('keeps a build setting whose value holds "="', () => {
    expect(parseModInfo('build\tDefaultGODEBUG=panicnil=1\n').settings).toEqual({ DefaultGODEBUG: 'panicnil=1' });
  });

  it('reads what scripts/go-elf.mjs writes for the fixtures, -ldflags quoted as Go quotes it', () => {
    const file = goBinary(
      'go1.13.15',
      {
        path: 'github.com/containerd/containerd/cmd/containerd',
        main: ['github.com/containerd/containerd', '(devel)', ''],
        settings: [
          ['-ldflags', '-X github.com/containerd/containerd/version.Version=v1.3.10 -s -w'],
          ['CGO_ENABLED', '1'],
        ],
      },
      { filler: 5000 },
    );
    const info = readGoBuildInfo(readerOf(file));
    if (typeof info === 'string') throw new Error(info);
    expect(info.main).toEqual({ path: 'github.com/containerd/containerd', version: '(devel)' });
    expect(info.settings['-ldflags']).toBe('"-X github.com/containerd/containerd/version.Version=v1.3.10 -s -w"');
    expect(ldflagsValue(info, 'github.com/containerd/containerd/version.Version')).toBe('v1.3.10');
    expect(ldflagsValue(info, 'main.version')).toBeUndefined();
    expect(modInfo({ settings: [['-tags', '']] })).toBe('build\t-tags=""\n');
  });
});
