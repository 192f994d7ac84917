import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule (ARCHITECTURE.md) only protects us if it actually fires: lint small snippets as if
// they lived in each layer and check the verdicts.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer import rule', () => {
  it.each([
    ["import { useState } from 'react';\nexport const x = useState;", 'src/core/probe.ts'],
    ["import * as m from 'maplibre-gl';\nexport const x = m;", 'src/core/probe.ts'],
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'src/core/probe.ts'],
    ["import Dexie from 'dexie';\nexport const x = Dexie;", 'src/core/geo/probe.ts'],
    ["import { openStore } from '../renderer/storage';\nexport const x = openStore;", 'src/core/probe.ts'],
    ["import { x } from '../renderer/app';\nexport const y = x;", 'src/main/probe.ts'],
    ["import { x } from '../main/window';\nexport const y = x;", 'src/renderer/probe.ts'],
    ["import { app } from 'electron';\nexport const y = app;", 'src/renderer/probe.ts'],
    ["import { x } from '../core/model';\nexport const y = x;", 'src/shared/probe.ts'],
  ])('rejects %j in %s', async (code, file) => {
    expect(await ruleIdsFor(code, file)).toContain('no-restricted-imports');
  });

  it.each([
    ["import * as turf from '@turf/turf';\nexport const x = turf;", 'src/core/probe.ts'],
    ["import { generateDemoDistrict } from '@core/demo';\nexport const x = generateDemoDistrict;", 'src/renderer/probe.ts'],
    ["import { generateDemoDistrict } from '@core/demo';\nexport const x = generateDemoDistrict;", 'src/cli/probe.ts'],
  ])('allows %j in %s', async (code, file) => {
    expect(await ruleIdsFor(code, file)).not.toContain('no-restricted-imports');
  });

  it('keeps raw ipcMain inside ipc-handle.ts', async () => {
    const code = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n";
    expect(await ruleIdsFor(code, 'src/main/dialogs.ts')).toContain('no-restricted-syntax');
    expect(await ruleIdsFor(code, 'src/main/ipc-handle.ts')).not.toContain('no-restricted-syntax');
  });
});
