/**
 * Preload entry (built as CommonJS: a sandboxed preload cannot be ESM, STACK.md pitfall 4). It
 * may import only 'electron' and bundled local code: a sandboxed preload has no `require` for
 * node_modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './create-bridge';

contextBridge.exposeInMainWorld('gridroom', createPreloadBridge(ipcRenderer));
