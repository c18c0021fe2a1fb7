// Types for v2-fixtures.mjs (plain JavaScript, run by node to write the fixtures).
import type { NodeTree } from './node-tree.mjs';

export const V2_FIXTURES: Record<string, { description: string; build(): NodeTree }>;
export function writeNode(dir: string, files: Map<string, string | Uint8Array | { link: string }>): void;
