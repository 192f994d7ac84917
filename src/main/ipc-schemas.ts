/**
 * Zod schemas for every invoke request in the IPC contract (src/shared/ipc.ts). They live in main
 * because main is the side that must not trust its input. `satisfies` ties each schema to the
 * shared type, so the two cannot drift apart without a compile error.
 */
import { z } from 'zod';
import type { IpcInvokeChannel, IpcRequest } from '@shared/ipc';

/** A file extension without its dot: letters, digits, '-' and '_', at most 16 characters. */
const extension = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, 'extension: letters and digits, no dot');

/** A file name with no directory part, so the renderer cannot pick where a save dialog starts. */
const bareFileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'file name: no directories')
  .refine((name) => name !== '.' && name !== '..', 'file name: no directories');

/** Title and extension filter of an open dialog; shared by the text and the bytes channel. */
const openDialogOptions = z.strictObject({
  title: z.string().max(200),
  extensions: z.array(extension).min(1).max(20),
});

export const openTextFileRequest = openDialogOptions satisfies z.ZodType<IpcRequest<'dialog:open-text-file'>>;

/** `dialog:open-file`: the same options; the reply is bytes, limited by MAX_OPEN_FILE_BYTES in the handler. */
export const openFileRequest = openDialogOptions satisfies z.ZodType<IpcRequest<'dialog:open-file'>>;

export const saveTextFileRequest = z.strictObject({
  title: z.string().max(200),
  defaultName: bareFileName,
  // The byte limit is checked after encoding (ipc-handlers.ts); a string length cannot express it.
  text: z.string(),
  mimeType: z.string().max(127),
}) satisfies z.ZodType<IpcRequest<'dialog:save-text-file'>>;

/** `app:get-info` takes no argument at all. */
export const getAppInfoRequest = z.undefined() satisfies z.ZodType<IpcRequest<'app:get-info'>>;

/** Every channel has a schema: adding a channel to the contract without one fails to compile. */
export const IPC_REQUEST_SCHEMAS = {
  'dialog:open-text-file': openTextFileRequest,
  'dialog:open-file': openFileRequest,
  'dialog:save-text-file': saveTextFileRequest,
  'app:get-info': getAppInfoRequest,
} as const satisfies { [C in IpcInvokeChannel]: z.ZodType<IpcRequest<C>> };
