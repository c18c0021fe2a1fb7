// Types for go-elf.mjs, which stays plain JavaScript so the fixture generator runs it under node.

export type ModLine = [path: string, version: string, sum?: string];

export interface ModInfo {
  path?: string;
  main?: ModLine;
  deps?: ModLine[];
  settings?: [key: string, value: string][];
}

export interface ElfOptions {
  /** The section's name: `.go.buildinfo` unless a test needs another. */
  name?: string;
  /** Bytes before the sections, standing in for a real binary's code. */
  filler?: number;
}

export function modInfo(mod: ModInfo): string;
export function buildInfoSection(goVersion: string, modinfo: string): Buffer;
export function goElf(section: Uint8Array, options?: ElfOptions): Buffer;
export function goBinary(goVersion: string, mod: ModInfo, options?: ElfOptions): Buffer;
