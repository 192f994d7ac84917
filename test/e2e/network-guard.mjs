// The network guard: Gridroom must work with no network at all (government networks are often
// offline, and no basemap is configured by default). Every request a page makes goes through this
// guard; only the local static server, data: and blob: URLs pass. Anything else is recorded and
// aborted, and the last spec asserts that the record is empty.

/**
 * Creates the guard for one e2e run.
 * @param {string} baseUrl the static server's origin with a trailing slash, e.g. http://127.0.0.1:4173/
 */
export function createNetworkGuard(baseUrl) {
  const allowedPrefix = new URL(baseUrl).origin + '/';
  /** Loopback servers a spec started itself (feed servers): http(s) and ws(s) prefixes. */
  const loopbackPrefixes = new Set();
  /** @type {{ url: string, kind: string, spec: string, test: string, resourceType?: string }[]} */
  const offMachine = [];
  const seen = new Map();
  let where = { spec: '(none)', test: '(none)' };

  /** True for URLs the app may load: its own server, inline data and in-memory blobs. */
  const isAllowed = (url) =>
    url.startsWith(allowedPrefix) ||
    url.startsWith('data:') ||
    url.startsWith('blob:') ||
    url === 'about:blank' ||
    [...loopbackPrefixes].some((p) => url.startsWith(p));

  // One entry per URL; the route handler's verdict ("aborted") wins over a mere observation.
  const record = (url, kind, resourceType) => {
    const known = seen.get(url);
    if (known) {
      if (kind !== 'observed') known.kind = kind;
      return;
    }
    const entry = { url, kind, resourceType, ...where };
    seen.set(url, entry);
    offMachine.push(entry);
  };

  return {
    offMachine,
    isAllowed,
    /**
     * Lets requests to a server a spec started on this machine through (a feed server on another
     * port of 127.0.0.1): http and ws on that port only. Anything off the loopback is refused.
     * @param {number} port
     */
    allowLoopbackPort(port) {
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`network guard: ${port} is not a port`);
      for (const scheme of ['http', 'ws']) loopbackPrefixes.add(`${scheme}://127.0.0.1:${port}/`);
    },
    /** Tells the guard which spec and test are running, so a recorded request names its culprit. */
    setWhere(spec, test) {
      where = { spec, test };
    },
    /** Installs the guard on a browser context (all its pages and workers). */
    async install(context) {
      await context.route('**/*', (route) => {
        const request = route.request();
        const url = request.url();
        if (isAllowed(url)) return route.continue();
        record(url, 'aborted', request.resourceType());
        return route.abort('blockedbyclient');
      });
      // WebSockets bypass context.route: give them their own guard.
      await context.routeWebSocket(/.*/, (ws) => {
        const url = ws.url();
        const local = url.startsWith(allowedPrefix.replace(/^http/, 'ws')) || isAllowed(url);
        if (local) {
          ws.connectToServer();
          return;
        }
        record(url, 'websocket (closed)');
        ws.close({ code: 1008, reason: 'blocked by the e2e network guard' });
      });
      // A second net: anything that reached the network layer without passing the route handler.
      context.on('request', (request) => {
        const url = request.url();
        if (!isAllowed(url)) record(url, 'observed', request.resourceType());
      });
    },
  };
}
