/**
 * The bridge object the preload exposes, built over an injected ipcRenderer so it is testable.
 * It offers exactly the named functions of GridroomBridge: no generic send/invoke/on (the
 * @electron-toolkit/preload pattern STACK.md warns about), so a compromised page can reach only
 * these calls, each of which main validates again.
 */
import { MENU_COMMANDS, MQTT_FEED_EVENT_TYPES, type GridroomBridge, type MenuCommand, type MqttFeedEvent } from '@shared/bridge';
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

/**
 * The event rebuilt field by field when it has the contract's shape, else null: the page gets
 * exactly the contract's fields, and a malformed event is dropped here rather than in a listener.
 */
function toMqttFeedEvent(value: unknown): MqttFeedEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const { feedId, connectionId, type, raws, reason } = v;
  if (typeof feedId !== 'string' || typeof connectionId !== 'string') return null;
  if (typeof type !== 'string' || !(MQTT_FEED_EVENT_TYPES as readonly string[]).includes(type)) return null;
  const ids = { feedId, connectionId };
  switch (type) {
    case 'opened':
      return { ...ids, type };
    case 'messages':
      return Array.isArray(raws) && raws.every((r) => typeof r === 'string') ? { ...ids, type, raws: raws as string[] } : null;
    case 'closed':
      if (reason === undefined) return { ...ids, type };
      return typeof reason === 'string' ? { ...ids, type, reason } : null;
    default:
      return typeof reason === 'string' ? { ...ids, type: 'error', reason } : null;
  }
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

  /** Forwards one event channel's checked payloads to `listener`, never the IPC event itself. */
  function subscribe<P>(channel: string, check: (payload: unknown) => P | null, listener: (payload: P) => void): () => void {
    const forward: RendererListener = (_event, payload) => {
      const checked = check(payload);
      if (checked !== null) listener(checked);
    };
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
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
    supportsMqtt: true,
    startMqttFeed: async (options) => {
      await invoke(IPC_INVOKE_CHANNELS.startMqttFeed, options);
    },
    stopMqttFeed: async (feedId) => {
      await invoke(IPC_INVOKE_CHANNELS.stopMqttFeed, feedId);
    },
    onMqttFeedEvent: (listener) => subscribe(IPC_EVENT_CHANNELS.mqttFeedEvent, toMqttFeedEvent, listener),
    notify: (notification) => invoke(IPC_INVOKE_CHANNELS.showNotification, notification),
    onNotificationClick: (listener) =>
      subscribe(
        IPC_EVENT_CHANNELS.notificationClicked,
        (payload) =>
          typeof payload === 'object' && payload !== null && 'incidentId' in payload && typeof payload.incidentId === 'string'
            ? payload.incidentId
            : null,
        listener,
      ),
  };
}
