/**
 * The typed IPC boundary, and the only module that touches `ipcMain` (the GitHub Desktop habit).
 * Every invoke handler is registered through `handle()`, which
 * 1. refuses senders that are not the app's own top-level page,
 * 2. validates the request with its zod schema,
 * 3. turns every failure into a typed `IpcResult` error instead of a thrown exception, so the
 *    renderer never sees a raw main-process error message or stack.
 */
import { z } from 'zod';
import type {
  IpcErrorCode,
  IpcEventChannel,
  IpcEventPayload,
  IpcInvokeChannel,
  IpcRequest,
  IpcResponse,
  IpcResult,
} from '@shared/ipc';
import type { TrustedUrlCheck } from './app-origin';

/** What `handle()` reads from an invoke event; Electron's IpcMainInvokeEvent satisfies it. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The surface of `ipcMain` used here. */
export interface IpcMainLike<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
}

/** Thrown by handlers for an expected failure; `handle()` returns it as a typed error. */
export class IpcHandlerError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcHandlerError';
  }
}

/** A handler for one channel: gets the validated request and the raw event (for its window). */
export type IpcHandler<C extends IpcInvokeChannel, E> = (
  request: IpcRequest<C>,
  event: E,
) => Promise<IpcResponse<C>> | IpcResponse<C>;

/** The typed registration function `createHandle` returns. */
export type HandleFn<E> = <C extends IpcInvokeChannel>(
  channel: C,
  schema: z.ZodType<IpcRequest<C>>,
  handler: IpcHandler<C, E>,
) => void;

/** Where unexpected errors go; the renderer only learns "internal". */
export type IpcLogger = (message: string, error?: unknown) => void;

function failure(code: IpcErrorCode, message: string): { ok: false; error: { code: IpcErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}

/**
 * The sender check. Only a top-level frame whose current URL is trusted may call: a subframe (an
 * iframe the CSP allowed, an ad in a tile popup…) or a page that navigated elsewhere may not.
 */
export function checkSender(event: InvokeEventLike, isTrusted: TrustedUrlCheck): string | null {
  try {
    const frame = event.senderFrame;
    if (frame === null) return 'sender frame is gone';
    if (frame.parent !== null) return 'sender is a subframe';
    if (!isTrusted(frame.url)) return `sender origin is not the app: ${frame.url}`;
    return null;
  } catch {
    // Electron throws from a WebFrameMain whose render frame was disposed mid-call.
    return 'sender frame was disposed';
  }
}

/**
 * Builds the typed `handle()` over an ipcMain.
 *
 * @param ipcMain Electron's ipcMain (a fake in tests).
 * @param isTrusted the app-origin test shared with the navigation guards.
 * @param log receives refused senders and unexpected handler errors.
 * @example
 *   const handle = createHandle(ipcMain, isTrusted);
 *   handle('app:get-info', getAppInfoRequest, () => info);
 */
export function createHandle<E extends InvokeEventLike>(
  ipcMain: IpcMainLike<E>,
  isTrusted: TrustedUrlCheck,
  log: IpcLogger = defaultLog,
): HandleFn<E> {
  return <C extends IpcInvokeChannel>(channel: C, schema: z.ZodType<IpcRequest<C>>, handler: IpcHandler<C, E>) => {
    ipcMain.handle(channel, async (event, ...args): Promise<IpcResult<IpcResponse<C>>> => {
      const refused = checkSender(event, isTrusted);
      if (refused !== null) {
        log(`[ipc] ${channel}: refused, ${refused}`);
        return failure('forbidden-sender', `${channel}: the sender is not allowed to call this channel`);
      }
      // The contract passes one argument (or none); extra ones are a malformed call, not noise.
      if (args.length > 1) {
        return failure('invalid-payload', `${channel}: expected at most one argument, got ${args.length}`);
      }
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) {
        return failure('invalid-payload', `${channel}: invalid request\n${z.prettifyError(parsed.error)}`);
      }
      try {
        return { ok: true, value: await handler(parsed.data, event) };
      } catch (error) {
        if (error instanceof IpcHandlerError) return failure(error.code, error.message);
        log(`[ipc] ${channel}: handler failed`, error);
        return failure('internal', `${channel}: unexpected error in the main process`);
      }
    });
  };
}

/** The surface of a WebContents used to send events. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
}

/** Sends a typed main → renderer event; the only sanctioned way to use `webContents.send`. */
export function sendEvent<C extends IpcEventChannel>(target: EventSink, channel: C, payload: IpcEventPayload<C>): void {
  target.send(channel, payload);
}

function defaultLog(message: string, error?: unknown): void {
  if (error === undefined) console.warn(message);
  else console.error(message, error);
}
