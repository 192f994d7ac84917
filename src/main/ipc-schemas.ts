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

/** URL schemes an MQTT feed may use: plain TCP (mqtt:, tcp:) or TLS (mqtts:). */
export const MQTT_URL_SCHEMES: readonly string[] = ['mqtt:', 'mqtts:', 'tcp:'];

/** Letters, digits and `._:-`: an id that is safe in logs, maps and a derived MQTT client id. */
const feedId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'feedId: 1–128 letters, digits, ".", "_", ":" or "-"');

/**
 * Whether `text` holds a C0 control character or DEL (a line feed allowed when `allowLineFeed`).
 * A loop rather than a regex: eslint's no-control-regex rightly flags control ranges in patterns.
 */
function hasControlCharacter(text: string, allowLineFeed = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !(allowLineFeed && code === 0x0a)) return true;
  }
  return false;
}

/** Why an MQTT broker URL is refused, or null when it is fine. */
function mqttUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url: not a URL';
  }
  if (!MQTT_URL_SCHEMES.includes(url.protocol)) return `url: the scheme must be one of ${MQTT_URL_SCHEMES.join(' ')}`;
  if (url.hostname === '') return 'url: no host';
  // MQTT.js reads options such as clientId from the query; the renderer must not choose those.
  if (url.search !== '' || url.hash !== '') return 'url: no query or fragment';
  return null;
}

/** Why a topic filter is refused, or null when it is fine (MQTT 3.1.1 §4.7 wildcard rules). */
function mqttTopicProblem(topic: string): string | null {
  // Control characters (NUL included) are forbidden or useless in topics, and would garble logs.
  if (hasControlCharacter(topic)) return 'topic: no control characters';
  const levels = topic.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return 'topic: "#" only as the whole last level';
    if (level.includes('+') && level !== '+') return 'topic: "+" only as a whole level';
  }
  return null;
}

export const startMqttFeedRequest = z.strictObject({
  feedId,
  url: z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = mqttUrlProblem(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
  topic: z
    .string()
    .min(1)
    // As the feed settings allow (FEED_TOPIC_MAX); MQTT itself allows 65,535 bytes.
    .max(512)
    .superRefine((value, ctx) => {
      const problem = mqttTopicProblem(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
  connectionId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'connectionId: 1–64 letters, digits, ".", "_", ":" or "-"'),
}) satisfies z.ZodType<IpcRequest<'mqtt:start-feed'>>;

export const stopMqttFeedRequest = feedId satisfies z.ZodType<IpcRequest<'mqtt:stop-feed'>>;

/** No control characters but line feeds in notification text (the OS draws it, not React). */
const notificationText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !hasControlCharacter(text, true), 'no control characters but line feeds');

export const showNotificationRequest = z.strictObject({
  title: notificationText(200).min(1),
  body: notificationText(1000),
  incidentId: z
    .string()
    .min(1)
    .max(128)
    .refine((id) => !hasControlCharacter(id), 'incidentId: no control characters')
    .optional(),
}) satisfies z.ZodType<IpcRequest<'notification:show'>>;

/** Every channel has a schema: adding a channel to the contract without one fails to compile. */
export const IPC_REQUEST_SCHEMAS = {
  'dialog:open-text-file': openTextFileRequest,
  'dialog:open-file': openFileRequest,
  'dialog:save-text-file': saveTextFileRequest,
  'app:get-info': getAppInfoRequest,
  'mqtt:start-feed': startMqttFeedRequest,
  'mqtt:stop-feed': stopMqttFeedRequest,
  'notification:show': showNotificationRequest,
} as const satisfies { [C in IpcInvokeChannel]: z.ZodType<IpcRequest<C>> };
