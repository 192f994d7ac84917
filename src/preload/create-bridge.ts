/**
 * The bridge object the preload exposes, built over an injected ipcRenderer so it is testable.
 * It offers exactly the named functions of GridroomBridge: no generic send/invoke/on (the
 * @electron-toolkit/preload pattern STACK.md warns about), so a compromised page can reach only
 * these calls, each of which main validates again.
 */
import { MENU_COMMANDS, type GridroomBridge, type MenuCommand } from '@shared/bridge';
import {
  IPC_EVENT_CHANNELS,
  IPC_INVOKE_CHANNELS,
  type IpcError,
  type IpcInvokeChannel,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
} from '@shared/ipc';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** The surface of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: RendererListener): unknown;
  removeListener(channel: string, listener: RendererListener): unknown;
}

/** The argument list of a channel: none when its request type is `undefined`. */
type InvokeArgs<C extends IpcInvokeChannel> = IpcRequest<C> extends undefined ? [] : [IpcRequest<C>];

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** `[code] message`: the form IPC_ERROR_MESSAGE_PATTERN reads back in the renderer. */
function toError(error: IpcError): Error {
  return new Error(`[${error.code}] ${error.message}`);
}

/**
 * Builds the bridge.
 *
 * @param ipc Electron's ipcRenderer (a fake in tests).
 */
export function createPreloadBridge(ipc: IpcRendererLike): GridroomBridge {
  async function invoke<C extends IpcInvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcResponse<C>> {
    const result: unknown = await ipc.invoke(channel, ...args);
    if (!isIpcResult(result)) throw new Error(`[internal] ${channel}: malformed reply from the main process`);
    if (!result.ok) throw toError(result.error);
    // The contract (src/shared/ipc.ts) types the value; main built it from the same types.
    return result.value as IpcResponse<C>;
  }

  return {
    platform: 'electron',
    openTextFile: (options) => invoke(IPC_INVOKE_CHANNELS.openTextFile, options),
    openFile: (options) => invoke(IPC_INVOKE_CHANNELS.openFile, options),
    saveTextFile: (options) => invoke(IPC_INVOKE_CHANNELS.saveTextFile, options),
    getAppInfo: () => invoke(IPC_INVOKE_CHANNELS.getAppInfo),
    onMenuCommand(listener) {
      // The IPC event object is never handed to the page (it exposes `sender`), only the command,
      // and only if it is one the contract knows.
      const forward: RendererListener = (_event, command) => {
        if (isMenuCommand(command)) listener(command);
      };
      ipc.on(IPC_EVENT_CHANNELS.menuCommand, forward);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNELS.menuCommand, forward);
      };
    },
  };
}
