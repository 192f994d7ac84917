/**
 * The MQTT transport: a FeedTransport over the bridge, since the connection itself lives in the
 * main process (a page cannot open TCP; see src/main/mqtt-feeds.ts). One `open` is one broker
 * connection: it starts the feed in main and passes on that connection's events; `close` stops it.
 *
 * Resume is MQTT's own (a persistent session per feed and installation keeps QoS 1 messages queued
 * on the broker while we are away), so the `since=` the connector puts in the URL means nothing
 * here and is dropped with the rest of the query. Duplicates that QoS 1 may deliver are dropped by
 * ingest, like any other transport's.
 */
import type { GridroomBridge, MqttFeedEvent } from '@shared/bridge';
import { IPC_ERROR_MESSAGE_PATTERN } from '@shared/ipc';
import type { FeedTransport, FeedTransportConnection, FeedTransportEvents } from './feed-transport';

/** The broker URL without query or fragment (`since=` and anything else MQTT has no use for). */
export function mqttBrokerUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/** An error's message without the bridge's `[code] ` prefix: the status line wants the sentence. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(IPC_ERROR_MESSAGE_PATTERN, '');
}

let connections = 0;

/**
 * A transport for one MQTT feed.
 *
 * @param bridge the platform; `bridge.supportsMqtt` false (a browser) makes every open fail with
 *   the bridge's English reason.
 * @param feedId the feed's id: one connection per id in main.
 * @param topic the topic (filter) to subscribe to.
 * @example createMqttTransport(getBridge(), 'mqtt-1', 'gridroom/incidents').open('mqtt://10.0.0.5:1883', events, () => lastSeq)
 */
export function createMqttTransport(bridge: GridroomBridge, feedId: string, topic: string): FeedTransport {
  return {
    open(url: string, events: FeedTransportEvents): FeedTransportConnection {
      // Tells this connection's events from a late one of the previous connection of the feed.
      const connectionId = `${Date.now().toString(36)}-${(++connections).toString(36)}`;
      let done = false;
      let closed = false;

      /** Stops listening: after closed/error/close nothing more is reported (FeedTransport's rule). */
      const finish = (): void => {
        done = true;
        unsubscribe();
      };

      const unsubscribe = bridge.onMqttFeedEvent((event: MqttFeedEvent) => {
        if (done || event.feedId !== feedId || event.connectionId !== connectionId) return;
        switch (event.type) {
          case 'opened':
            events.opened();
            break;
          case 'messages':
            events.messages(event.raws);
            break;
          case 'closed':
            finish();
            events.closed(event.reason);
            break;
          case 'error':
            finish();
            events.error(event.reason);
            break;
        }
      });

      bridge.startMqttFeed({ feedId, url: mqttBrokerUrl(url), topic, connectionId }).catch((error: unknown) => {
        if (done) return;
        finish();
        events.error(errorText(error));
      });

      return {
        close() {
          if (closed) return;
          closed = true;
          const wasLive = !done;
          finish();
          // A connection that already ended has nothing to stop in main (and a newer one of the
          // same feed may be starting there: stopping by id would end that one instead).
          if (!wasLive) return;
          bridge.stopMqttFeed(feedId).catch((error: unknown) => {
            console.warn(`[mqtt] stopping feed ${feedId} failed: ${errorText(error)}`);
          });
        },
      };
    },
  };
}
