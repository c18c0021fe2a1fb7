import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGoBuildInfo, parseModInfo, readGoBuildInfo } from '../../src/collect/parse/go-buildinfo.js';

const CORPUS = path.join(import.meta.dirname, '..', 'corpus', 'go-buildinfo');
const runcSection = Buffer.from(fs.readFileSync(path.join(CORPUS, 'runc-1.1.5-debian12.buildinfo.hex'), 'utf8').trim(), 'hex');

/** A minimal little-endian ELF64 file: a header, .shstrtab and the given .go.buildinfo. */
function elf(buildinfo: Uint8Array): Buffer {
  const names = Buffer.from('\0.shstrtab\0.go.buildinfo\0', 'latin1');
  const namesAt = 64;
  const infoAt = namesAt + names.length;
  const tableAt = infoAt + buildinfo.length;
  const out = Buffer.alloc(tableAt + 3 * 64);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  out.writeBigUInt64LE(BigInt(tableAt), 0x28);
  out.writeUInt16LE(64, 0x3a);
  out.writeUInt16LE(3, 0x3c);
  out.writeUInt16LE(1, 0x3e);
  names.copy(out, namesAt);
  out.set(buildinfo, infoAt);
  const section = (i: number, name: number, at: number, size: number) => {
    out.writeUInt32LE(name, tableAt + i * 64);
    out.writeBigUInt64LE(BigInt(at), tableAt + i * 64 + 0x18);
    out.writeBigUInt64LE(BigInt(size), tableAt + i * 64 + 0x20);
  };
  section(1, 1, namesAt, names.length);
  section(2, 11, infoAt, buildinfo.length);
  return out;
}

const readerOf = (file: Buffer) => (offset: number, length: number) => (offset < file.length ? file.subarray(offset, offset + length) : undefined);

/** A Go 1.18+ section: magic, pointer size 8, flags "inline strings", then the two strings. */
function section(goVersion: string, modinfo: string): Buffer {
  const sentinel = Buffer.alloc(16, 0xaa);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([(b.length & 0x7f) | (b.length > 127 ? 0x80 : 0), ...(b.length > 127 ? [b.length >> 7] : [])]), b]);
  const head = Buffer.alloc(32);
  head.write('\xff Go buildinf:', 0, 'latin1');
  head[14] = 8;
  head[15] = 2;
  return Buffer.concat([head, str(Buffer.from(goVersion)), str(Buffer.concat([sentinel, Buffer.from(modinfo), sentinel]))]);
}

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
});
