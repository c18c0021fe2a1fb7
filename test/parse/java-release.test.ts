import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJavaRelease } from '../../src/collect/parse/java-release.js';

const CORPUS = path.join(import.meta.dirname, '..', 'corpus', 'java-release');
const read = (name: string) => fs.readFileSync(path.join(CORPUS, name), 'utf8');

describe('JDK release file', () => {
  it("reads Debian 12's OpenJDK 17 and Temurin 25: version, vendor and the line each is on", () => {
    const debian = parseJavaRelease(read('debian12-openjdk-17.0.15.release'), 'usr/lib/jvm/java-17-openjdk-amd64/release');
    expect(debian.warnings).toEqual([]);
    expect(debian.values.get('JAVA_VERSION')).toEqual({ value: '17.0.15', line: 3 });
    expect(debian.values.get('IMPLEMENTOR')).toEqual({ value: 'Debian', line: 1 });
    expect(debian.values.get('SOURCE')).toEqual({ value: '', line: 9 });
    const temurin = parseJavaRelease(read('temurin-25.0.3.release'), 'release');
    expect(temurin.warnings).toEqual([]);
    expect(temurin.values.get('JAVA_VERSION')?.value).toBe('25.0.3');
    expect(temurin.values.get('IMPLEMENTOR_VERSION')?.value).toBe('Temurin-25.0.3+9');
  });

  it("reads a JDK 8's version with its update, single quotes and bare values", () => {
    const r = parseJavaRelease('# written by the build\nJAVA_VERSION="1.8.0_292"\nOS_NAME=\'Linux\'\nOS_ARCH=amd64\r\n', 'release');
    expect([...r.values].map(([k, v]) => [k, v.value, v.line])).toEqual([
      ['JAVA_VERSION', '1.8.0_292', 2],
      ['OS_NAME', 'Linux', 3],
      ['OS_ARCH', 'amd64', 4],
    ]);
  });

  it('names the file and line of what it cannot read, and keeps the rest', () => {
    const r = parseJavaRelease('JAVA_VERSION="11.0.2"\nthis is not a setting\nexport X=1\n', 'proc/9/root/opt/jdk/release');
    expect(r.values.get('JAVA_VERSION')?.value).toBe('11.0.2');
    expect(r.warnings).toEqual([
      { path: 'proc/9/root/opt/jdk/release', line: 2, message: 'not a KEY="value" line; ignored' },
      { path: 'proc/9/root/opt/jdk/release', line: 3, message: 'not a KEY="value" line; ignored' },
    ]);
  });
});
