// Checks what `electron-vite build` produced, since the Electron window itself cannot start on the
// build machines: the pieces must at least be shaped the way Electron will load them.
import { existsSync, readFileSync } from 'node:fs';

const problems = [];
const read = (path) => {
  if (!existsSync(path)) {
    problems.push(`${path} is missing: did electron-vite build run?`);
    return '';
  }
  return readFileSync(path, 'utf8');
};

const main = read('out/main/index.js');
if (main && !/^import .* from "electron";$/m.test(main)) problems.push('out/main/index.js does not import electron as an ES module');
// electron-vite injects __dirname into ESM main bundles; declaring our own breaks it (STACK.md pitfall 3).
if (/\b(const|let|var)\s+__dirname\b/.test(main)) {
  problems.push('out/main/index.js declares its own __dirname');
}

const preload = read('out/preload/index.cjs');
// A sandboxed preload must be CommonJS: no ES module syntax may survive the build.
if (preload && /^\s*(import|export)\s/m.test(preload)) problems.push('out/preload/index.cjs contains ES module syntax');
if (preload && !preload.includes('require("electron")')) problems.push('out/preload/index.cjs does not require electron');
if (preload && !preload.includes('exposeInMainWorld')) problems.push('out/preload/index.cjs exposes nothing');

const html = read('out/renderer/index.html');
if (html && !html.includes('http-equiv="Content-Security-Policy"')) problems.push('out/renderer/index.html has no CSP meta tag');
if (html && /(src|href)="(https?:)?\/\//.test(html)) problems.push('out/renderer/index.html loads something from another host');

if (problems.length > 0) {
  console.error(`electron build check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('electron build check: main (ESM), preload (CommonJS, sandbox-ready), renderer (CSP) are in place');
