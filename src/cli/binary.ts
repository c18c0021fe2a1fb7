import { run } from './main.js';

// The entry of the single executable (`npm run build:binary`). A SEA runs one CommonJS script,
// where top-level await is not allowed, and its argv is [binary, binary, ...args]: the same shape
// as [node, script, ...args], so run() takes it as it is.
void run(process.argv);
