import { describe, expect, it } from 'vitest';
import { WORKER_TICK_MS, WORKER_TICK_SOFTWARE_MS, isSoftwareRenderer, workerTickMs } from './render-budget';

describe('render budget', () => {
  it('recognises CPU rasterisers', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft Basic Render Driver Direct3D11)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
  });

  it('moves workers every second on a GPU and every 3 s without one', () => {
    expect(workerTickMs('Mesa Intel(R) UHD Graphics 620')).toBe(WORKER_TICK_MS);
    expect(workerTickMs('SwiftShader')).toBe(WORKER_TICK_SOFTWARE_MS);
    expect(workerTickMs(undefined)).toBe(WORKER_TICK_MS);
  });
});
