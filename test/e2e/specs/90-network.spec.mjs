// network: Gridroom works offline. Every spec ran behind the network guard (network-guard.mjs),
// which aborted any request that was not to the local server, data: or blob:. This last spec
// also idles on the app for a while, then asserts that no request tried to leave 127.0.0.1.

import assert from 'node:assert/strict';
import { openApp } from '../lib/app.mjs';

export function register(test) {
  test('the app idles without reaching the network', async (t) => {
    await openApp(t.page, t.baseUrl);
    // Live layers, timers and deferred loads get a few seconds to try.
    await new Promise((r) => setTimeout(r, 5_000));
  });

  test('no request left 127.0.0.1 in any spec', async (t) => {
    const off = t.guard.offMachine;
    const lines = off.map((r) => `- [${r.spec} › ${r.test}] ${r.kind} ${r.resourceType ?? ''} ${r.url}`);
    if (off.length > 0) t.log(`off-machine requests:\n${lines.join('\n')}`);
    assert.equal(off.length, 0, `${off.length} request(s) tried to leave 127.0.0.1:\n${lines.join('\n')}`);
  });
}
