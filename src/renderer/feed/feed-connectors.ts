/**
 * Keeps one running connector per enabled configured feed (`AppState.feedConfigs`): it follows the
 * store, starting a feed when it is added or switched on, stopping it when it is switched off or
 * removed, and restarting it when its endpoint changes (a new label needs no reconnect). Nothing
 * connects anywhere until the operator configures a feed: with none, this makes no request.
 */
import type { FeedConfig } from '@core/feed/feed-config';
import { sameFeedEndpoint } from '@core/feed/feed-config';
import type { GridroomBridge } from '@shared/bridge';
import type { AppStore } from '../app/app-store';
import { startFeedConnector, type FeedConnector, type FeedConnectorDeps } from './feed-connector';
import type { FeedTransport } from './feed-transport';
import { createHttpPollTransport } from './http-poll-transport';
import { createMqttTransport } from './mqtt-transport';
import { createWebSocketTransport } from './websocket-transport';

export interface FeedConnectorsOptions extends Omit<FeedConnectorDeps, 'dispatch' | 'lastSeq'> {
  /** The platform, for MQTT (held by the main process). */
  bridge?: GridroomBridge;
  /** The transport for a feed; by default by its kind. */
  transportFor?: (config: FeedConfig) => FeedTransport;
}

export interface FeedConnectorsHandle {
  /** The connectors running now, by feed id (tests, devtools). */
  running(): ReadonlyMap<string, FeedConnector>;
  /** Stops every connector (each feed reported offline) and stops following the store. */
  stop(): void;
}

/** The transport a configured feed uses by default. */
export function defaultTransportFor(config: FeedConfig, bridge?: GridroomBridge): FeedTransport {
  switch (config.kind) {
    case 'websocket':
      return createWebSocketTransport();
    case 'http-poll':
      return createHttpPollTransport({ intervalMs: config.pollIntervalMs });
    case 'mqtt':
      if (!bridge) return failingTransport('MQTT needs the desktop app');
      return createMqttTransport(bridge, config.id, config.topic ?? '');
  }
}

/** A transport whose every connection fails at once with `reason` (the connector then backs off). */
function failingTransport(reason: string): FeedTransport {
  return {
    open(_url, events) {
      let closed = false;
      queueMicrotask(() => {
        if (!closed) events.error(reason);
      });
      return {
        close() {
          closed = true;
        },
      };
    },
  };
}

/** Starts following `appStore`'s configured feeds at once. */
export function startFeedConnectors(appStore: AppStore, options: FeedConnectorsOptions = {}): FeedConnectorsHandle {
  const { bridge, transportFor = (c: FeedConfig) => defaultTransportFor(c, bridge), ...deps } = options;
  const running = new Map<string, FeedConnector>();
  let configs: readonly FeedConfig[] | null = null;
  let stopped = false;
  let reconciling = false;
  let again = false;

  const start = (config: FeedConfig): void => {
    const connector = startFeedConnector(config, transportFor(config), {
      ...deps,
      dispatch: appStore.dispatch,
      lastSeq: () => appStore.getState().incidents.feeds[config.id]?.ingest.lastSeq ?? -1,
    });
    running.set(config.id, connector);
  };

  const reconcile = (): void => {
    // A connector dispatches as it starts or stops, which calls back here: finish this pass first.
    if (reconciling) {
      again = true;
      return;
    }
    reconciling = true;
    try {
      do {
        again = false;
        const next = appStore.getState().feedConfigs;
        if (stopped || next === configs) break;
        configs = next;
        const byId = new Map(next.map((c) => [c.id, c]));
        for (const [id, connector] of [...running]) {
          const config = byId.get(id);
          if (config && config.enabled && sameFeedEndpoint(config, connector.config())) {
            // Same connection, perhaps a new name: it keeps running.
            connector.relabel(config.label);
            continue;
          }
          running.delete(id);
          // Removed, or its endpoint changed (its status was reset): nothing more under its id.
          // Switched off: it says so.
          connector.stop({ report: Boolean(config && !config.enabled) });
        }
        for (const config of next) if (config.enabled && !running.has(config.id)) start(config);
      } while (again);
    } finally {
      reconciling = false;
    }
  };

  const unsubscribe = appStore.subscribe(reconcile);
  reconcile();

  return {
    running: () => running,
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      for (const connector of running.values()) connector.stop();
      running.clear();
    },
  };
}
