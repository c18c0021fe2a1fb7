// Small ELF files that carry Go build information laid out as the Go toolchain writes it, for
// the fixtures and tests that need a kubelet, containerd or runc without shipping 50 MB binaries.
// Plain JavaScript so scripts/make-fixture-binaries.mjs runs it under node without a build step.
//
// The layouts, from the Go sources (facts, not code):
// - The `.go.buildinfo` section (cmd/link/internal/ld/data.go, debug/buildinfo/buildinfo.go): the
//   14-byte magic "\xff Go buildinf:", a pointer size byte, a flags byte (2 = strings inline, since
//   Go 1.18), padding to 32 bytes, then the Go version and the module information, each a uvarint
//   length followed by the bytes.
// - The module information (runtime/debug.BuildInfo.String) sits between two 16-byte sentinels:
//   `path`, `mod`, `dep`, `=>` and `build` lines, tab-separated; a build setting's value is quoted
//   (strconv.Quote) when it holds a space, a tab, a quote or a backquote, or is empty.
// - ELF64 little-endian (the System V gABI): a 64-byte header with the section table's offset at
//   0x28, entry size at 0x3a, count at 0x3c, name table index at 0x3e; 64-byte section entries
//   with the name offset at 0, file offset at 0x18 and size at 0x20.

const MAGIC = '\xff Go buildinf:';

/** Quoted as runtime/debug quotes a build setting's value. */
const quoted = (v) => (v === '' || /[ \t"`]/.test(v) ? JSON.stringify(v) : v);

/**
 * The module lines of a binary: `{ path, main: [path, version, sum?], deps: [[path, version, sum?]],
 * settings: [[key, value]] }`, as `go version -m` prints them after the Go version.
 */
export function modInfo({ path, main, deps = [], settings = [] }) {
  const lines = [];
  if (path) lines.push(`path\t${path}`);
  if (main) lines.push(['mod', ...main].join('\t'));
  for (const d of deps) lines.push(['dep', ...d].join('\t'));
  for (const [k, v] of settings) lines.push(`build\t${k}=${quoted(v)}`);
  return `${lines.join('\n')}\n`;
}

const uvarint = (n) => {
  const out = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
};

/** A Go 1.18+ `.go.buildinfo` section: the magic, pointer size 8, flags "inline strings", the two strings. */
export function buildInfoSection(goVersion, modinfo) {
  const head = Buffer.alloc(32);
  head.write(MAGIC, 0, 'latin1');
  head[14] = 8;
  head[15] = 2;
  const sentinel = Buffer.alloc(16, 0xaa);
  const str = (b) => Buffer.concat([uvarint(b.length), b]);
  return Buffer.concat([head, str(Buffer.from(goVersion)), str(Buffer.concat([sentinel, Buffer.from(modinfo), sentinel]))]);
}

/**
 * A minimal little-endian ELF64 file: a header, `.shstrtab` and the given section (`.go.buildinfo`
 * unless named otherwise), with `filler` bytes before them standing in for the code of a real binary.
 */
export function goElf(section, { name = '.go.buildinfo', filler = 0 } = {}) {
  const names = Buffer.from(`\0.shstrtab\0${name}\0`, 'latin1');
  const namesAt = 64 + filler;
  const infoAt = namesAt + names.length;
  const tableAt = infoAt + section.length;
  const out = Buffer.alloc(tableAt + 3 * 64);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  out.writeBigUInt64LE(BigInt(tableAt), 0x28);
  out.writeUInt16LE(64, 0x3a);
  out.writeUInt16LE(3, 0x3c);
  out.writeUInt16LE(1, 0x3e);
  names.copy(out, namesAt);
  out.set(section, infoAt);
  const entry = (i, nameAt, at, size) => {
    out.writeUInt32LE(nameAt, tableAt + i * 64);
    out.writeBigUInt64LE(BigInt(at), tableAt + i * 64 + 0x18);
    out.writeBigUInt64LE(BigInt(size), tableAt + i * 64 + 0x20);
  };
  entry(1, 1, namesAt, names.length);
  entry(2, 11, infoAt, section.length);
  return out;
}

/** A Go binary in one call: `goBinary('go1.21.5', { path, main, deps, settings })`. */
export const goBinary = (goVersion, mod, options) => goElf(buildInfoSection(goVersion, modInfo(mod)), options);
