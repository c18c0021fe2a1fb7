import { loadLibs } from '../src/libs.js';

// The parsers take their libraries from src/libs.ts once a command has loaded them; the unit
// tests call the parsers directly, so every library is loaded before they run. The CLI tests
// check that each command loads what it needs.
await loadLibs(['js-yaml', 'smol-toml', 'zod/mini']);
