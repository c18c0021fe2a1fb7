/**
 * The build information a Go toolchain embeds in every binary it links (what `go version -m`
 * prints), read from an ELF file without running it.
 *
 * Layout, from Go's src/debug/buildinfo/buildinfo.go and src/runtime/debug/mod.go:
 * - The ELF section `.go.buildinfo` (on any other format, a 16-byte aligned search of the data
 *   segment) starts with the 14-byte magic "\xff Go buildinf:", then the pointer size and a flags
 *   byte. Bit 1 of the flags (since Go 1.18) means the two strings follow inline, from offset 32:
 *   the Go version, then the module information, each a uvarint length and its bytes. Older
 *   binaries hold pointers to the strings instead; those are not read here (Go 1.17 and before,
 *   out of support since 2022), and say so.
 * - The module information is wrapped in two 16-byte sentinels and is lines of tab-separated
 *   fields: `path <main package>`, `mod <path> <version> [<sum>]`, `dep ...`, `=> <replacement>`
 *   and `build <key>=<value>`. A binary built outside module mode (Debian's GOPATH builds) has
 *   no `mod` line: its version is then not in the build information at all.
 */

export interface GoModule {
  path: string;
  version: string;
}

export interface GoBuildInfo {
  /** "go1.19.8" */
  goVersion: string;
  /** The main package: "github.com/opencontainers/runc". */
  path?: string;
  /** The main module, when built in module mode; its version is "(devel)" for a local build. */
  main?: GoModule;
  deps: GoModule[];
  settings: Record<string, string>;
}

const MAGIC = '\xff Go buildinf:';
const SENTINEL = 16;

/** Where the section table and the header's string table are, from the ELF header (first 64 bytes). */
export interface ElfHeader {
  little: boolean;
  wide: boolean;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export function parseElfHeader(head: Uint8Array): ElfHeader | string {
  if (head.length < 52 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return 'not an ELF file';
  const wide = head[4] === 2;
  const little = head[5] === 1;
  if (wide && head.length < 64) return 'ELF header cut short';
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const shoff = wide ? Number(v.getBigUint64(0x28, little)) : v.getUint32(0x20, little);
  const at = wide ? 0x3a : 0x2e;
  return { little, wide, shoff, shentsize: v.getUint16(at, little), shnum: v.getUint16(at + 2, little), shstrndx: v.getUint16(at + 4, little) };
}

export interface ElfSection {
  nameOffset: number;
  offset: number;
  size: number;
}

/** The section headers, from the bytes of the section table. */
export function parseSections(h: ElfHeader, table: Uint8Array): ElfSection[] {
  const v = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const out: ElfSection[] = [];
  for (let i = 0; i < h.shnum && (i + 1) * h.shentsize <= table.length; i++) {
    const b = i * h.shentsize;
    out.push(
      h.wide
        ? { nameOffset: v.getUint32(b, h.little), offset: Number(v.getBigUint64(b + 0x18, h.little)), size: Number(v.getBigUint64(b + 0x20, h.little)) }
        : { nameOffset: v.getUint32(b, h.little), offset: v.getUint32(b + 0x10, h.little), size: v.getUint32(b + 0x14, h.little) },
    );
  }
  return out;
}

/** A section's name from the section-name string table. */
export function sectionName(names: Uint8Array, s: ElfSection): string {
  let end = s.nameOffset;
  while (end < names.length && names[end] !== 0) end++;
  return Buffer.from(names.subarray(s.nameOffset, end)).toString('latin1');
}

function uvarint(b: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = at; i < b.length && shift < 35; i++) {
    value += (b[i]! & 0x7f) * 2 ** shift;
    if ((b[i]! & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/** The build information in the bytes of a `.go.buildinfo` section, or why there is none. */
export function parseGoBuildInfo(section: Uint8Array): GoBuildInfo | string {
  if (section.length < 32 || Buffer.from(section.subarray(0, 14)).toString('latin1') !== MAGIC) return 'no Go build information';
  const flags = section[15]!;
  if ((flags & 2) === 0) return 'Go build information of Go 1.17 or older (pointers, not inline strings): not read';
  const version = uvarint(section, 32);
  if (!version || version.next + version.value > section.length) return 'Go build information cut short';
  const goVersion = Buffer.from(section.subarray(version.next, version.next + version.value)).toString('utf8');
  const mod = uvarint(section, version.next + version.value);
  if (!mod || mod.next + mod.value > section.length) return 'Go build information cut short';
  const raw = Buffer.from(section.subarray(mod.next, mod.next + mod.value)).toString('utf8');
  return { goVersion, ...parseModInfo(raw.length >= 2 * SENTINEL ? raw.slice(SENTINEL, -SENTINEL) : '') };
}

/** The module lines of `go version -m`: path, mod, dep, => and build. */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  const out: Omit<GoBuildInfo, 'goVersion'> = { deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const [kind, a, b] = line.split('\t');
    if (kind === 'path' && a) out.path = a;
    else if ((kind === 'mod' || kind === 'dep') && a) {
      last = { path: a, version: b ?? '' };
      if (kind === 'mod') out.main = last;
      else out.deps.push(last);
    } else if (kind === '=>' && a && last) {
      // A replacement: what was built is the replacement's version.
      last.path = a;
      last.version = b ?? last.version;
    } else if (kind === 'build' && a) {
      const eq = a.indexOf('=');
      if (eq > 0) out.settings[a.slice(0, eq)] = a.slice(eq + 1);
    }
  }
  return out;
}

/** Bigger than any real section table (a Go binary has about 40 sections of 64 bytes) or buildinfo section. */
const MAX_TABLE = 64 * 1024;
const MAX_SECTION = 64 * 1024;

/**
 * The build information of an ELF binary, read through `readAt` (bytes at an offset, or undefined
 * past the end or on failure): its header, its section table and two small sections, a few KiB of
 * a 50 MB binary, never the whole file.
 */
export function readGoBuildInfo(readAt: (offset: number, length: number) => Uint8Array | undefined): GoBuildInfo | string {
  const head = readAt(0, 64);
  if (!head) return 'cannot be read';
  const h = parseElfHeader(head);
  if (typeof h === 'string') return h;
  const size = h.shentsize * h.shnum;
  if (h.shnum === 0 || h.shentsize < (h.wide ? 64 : 40) || size > MAX_TABLE) return 'no usable ELF section table';
  const table = readAt(h.shoff, size);
  if (!table || table.length < size) return 'ELF section table cut short';
  const sections = parseSections(h, table);
  const strtab = sections[h.shstrndx];
  if (!strtab || strtab.size > MAX_TABLE) return 'no ELF section names';
  const names = readAt(strtab.offset, strtab.size);
  if (!names) return 'ELF section names cut short';
  const info = sections.find((s) => sectionName(names, s) === '.go.buildinfo');
  if (!info) return 'no Go build information (not a Go binary, or stripped of it)';
  const bytes = readAt(info.offset, Math.min(info.size, MAX_SECTION));
  return bytes ? parseGoBuildInfo(bytes) : 'Go build information cut short';
}

/**
 * The value `-ldflags -X <name>=<value>` gave a Go variable, from the `-ldflags` build setting
 * (`-X main.version=1.1.12`, `-X 'k8s.io/component-base/version.gitVersion=v1.29.0'`,
 * `-X "github.com/docker/docker/dockerversion.Version=20.10.24+dfsg1"`), or undefined. Go keeps
 * -ldflags in the build information only when the build did not use -trimpath (go.dev/issue/52372).
 */
export function ldflagsValue(info: GoBuildInfo, name: string): string | undefined {
  const flags = info.settings['-ldflags'];
  if (!flags) return undefined;
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const m = new RegExp(`-X[= ]\\s*\\\\?["']?${escaped}=([^"'\\s\\\\]+)`).exec(flags);
  return m?.[1];
}
