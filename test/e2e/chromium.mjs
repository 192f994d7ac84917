// Finding and launching the system Chromium the e2e suite drives through playwright-core.
// Playwright's own browser download (`npx playwright install`) is never used: these machines only
// reach the npm registry and Debian's packages, so the suite runs Debian's `chromium`.

import { accessSync, constants } from 'node:fs';

/** Where Chromium is looked for when CHROMIUM_PATH is not set, in order. */
export const CHROMIUM_CANDIDATES = Object.freeze([
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
]);

/**
 * Flags that let Chromium render WebGL2 on SwiftShader in a container (STACK.md). Playwright adds
 * `--headless` and a fresh `--user-data-dir` itself. Never add `--disable-software-rasterizer` or
 * `--disable-webgl`: MapLibre then never renders.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers often mount a tiny /dev/shm; Chromium then crashes tabs under load.
  '--disable-dev-shm-usage',
]);

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to drive: CHROMIUM_PATH when set (it must exist), else the first of
 * CHROMIUM_CANDIDATES that is executable. Throws an Error whose message says what is missing and
 * how to install it.
 */
export function findChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(
      `CHROMIUM_PATH is set to "${fromEnv}", but no executable is there.\n` +
        'Point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium.',
    );
  }
  const found = CHROMIUM_CANDIDATES.find(isExecutable);
  if (found) return found;
  throw new Error(
    'The end-to-end suite needs Chromium, and none was found.\n' +
      `Looked at: CHROMIUM_PATH (not set), ${CHROMIUM_CANDIDATES.join(', ')}.\n` +
      'Install it (Debian/Ubuntu): sudo apt-get install -y chromium\n' +
      'or set CHROMIUM_PATH=/path/to/chromium and run again.',
  );
}
