/**
 * The bridge API: what the renderer may ask of its platform. In Electron the preload script
 * implements it over the typed IPC contract (src/shared/ipc.ts); in a plain browser (wall
 * displays, e2e tests) src/renderer/platform/browser.ts implements it with web APIs. Types only.
 */

export interface OpenedTextFile {
  /** File name without directories. */
  name: string;
  text: string;
}

/** A file picked by the user, as bytes (zipped Shapefiles, CSV in GB18030). */
export interface OpenedFile {
  /** File name without directories. */
  name: string;
  bytes: Uint8Array;
}

export interface OpenTextFileOptions {
  /** Dialog title, already translated by the renderer. */
  title: string;
  /** Extensions without dots, e.g. ['geojson', 'json']. */
  extensions: string[];
}

export interface SaveTextFileOptions {
  title: string;
  defaultName: string;
  text: string;
  mimeType: string;
}

export interface SaveResult {
  saved: boolean;
  /** Where it went, when the platform can tell. */
  path?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: 'electron' | 'browser';
}

/** Commands the native menu (Electron) can send to the renderer. */
export type MenuCommand =
  | 'import-grids'
  | 'export-grids'
  | 'reset-demo'
  | 'toggle-language'
  | 'focus-search'
  | 'open-basemap-settings'
  | 'allocate-buildings'
  | 'import-incidents';

export const MENU_COMMANDS: readonly MenuCommand[] = [
  'import-grids',
  'export-grids',
  'reset-demo',
  'toggle-language',
  'focus-search',
  'open-basemap-settings',
  'allocate-buildings',
  'import-incidents',
];

/** One MQTT feed: a topic on a broker, held by the main process (a browser cannot open TCP). */
export interface MqttFeedOptions {
  /** The feed's id in the incidents state; main holds at most one connection per id. */
  feedId: string;
  /** The broker: mqtt://, mqtts:// or tcp:// with host and port, no query (it is not MQTT's). */
  url: string;
  /** The topic (a filter; + and # allowed) subscribed to with QoS 1. */
  topic: string;
  /**
   * Chosen by the caller for each start and echoed in every event of that connection, so an event
   * of an earlier connection of the same feed that arrives late is told apart and ignored.
   */
  connectionId: string;
}

/** The kinds of MqttFeedEvent, for checks at the boundary. */
export const MQTT_FEED_EVENT_TYPES = ['opened', 'messages', 'closed', 'error'] as const;

/**
 * What happens on one MQTT feed connection. After `closed` or `error` that connection reports
 * nothing more; main never reconnects by itself (the renderer's connector decides, with backoff).
 */
export type MqttFeedEvent =
  /** Connected and subscribed. */
  | { feedId: string; connectionId: string; type: 'opened' }
  /**
   * Payloads in arrival order, as UTF-8 text. A payload that is not UTF-8 or is over
   * MAX_MQTT_PAYLOAD_BYTES arrives as a marker text (not JSON), so ingest rejects it with a reason.
   */
  | { feedId: string; connectionId: string; type: 'messages'; raws: string[] }
  /** The connection ended; `reason` in English. */
  | { feedId: string; connectionId: string; type: 'closed'; reason?: string }
  /** The connection failed or was refused; `reason` in English. */
  | { feedId: string; connectionId: string; type: 'error'; reason: string };

/** An OS notification; the texts are already translated by the renderer. */
export interface AppNotification {
  title: string;
  body: string;
  /** The incident a click selects; none for a summary ("3 more urgent incidents"). */
  incidentId?: string;
}

/** A click on a notification that named an incident. */
export interface NotificationClick {
  incidentId: string;
}

export interface GridroomBridge {
  readonly platform: 'electron' | 'browser';
  /** Lets the user pick a text file; null when cancelled. */
  openTextFile(options: OpenTextFileOptions): Promise<OpenedTextFile | null>;
  /**
   * Lets the user pick a file and returns its bytes (at most MAX_OPEN_FILE_BYTES); null when
   * cancelled. For formats that are not UTF-8 text (zip, GB18030 CSV).
   */
  openFile(options: OpenTextFileOptions): Promise<OpenedFile | null>;
  /** Lets the user save text; { saved: false } when cancelled. */
  saveTextFile(options: SaveTextFileOptions): Promise<SaveResult>;
  getAppInfo(): Promise<AppInfo>;
  /** Subscribes to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Whether startMqttFeed can work here: true in Electron, false in a browser (no TCP). */
  readonly supportsMqtt: boolean;
  /**
   * Connects an MQTT feed (replacing the connection its id holds); resolves once main has taken
   * it, before the broker answers: `opened` or `error` follows through onMqttFeedEvent.
   * Rejects `[invalid-payload] …` for a bad URL, topic or id; in a browser, always.
   */
  startMqttFeed(options: MqttFeedOptions): Promise<void>;
  /** Disconnects an MQTT feed; nothing more is reported for it. Stopping an unknown id is fine. */
  stopMqttFeed(feedId: string): Promise<void>;
  /** Subscribes to the events of every MQTT feed this page started; returns the unsubscribe function. */
  onMqttFeedEvent(listener: (event: MqttFeedEvent) => void): () => void;
  /**
   * Shows an OS notification when the platform can (a browser: only with permission already
   * granted; it never asks). Resolves whether it was shown.
   */
  notify(notification: AppNotification): Promise<boolean>;
  /** Subscribes to clicks on notifications that named an incident; returns the unsubscribe function. */
  onNotificationClick(listener: (incidentId: string) => void): () => void;
}
