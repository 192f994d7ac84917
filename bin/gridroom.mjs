#!/usr/bin/env node
// The `gridroom` command line. It runs the TypeScript sources through tsx (a runtime dependency),
// so the CLI needs no build step and always matches the core the app was built from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
