import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PRODUCTION_CSP } from '@shared/csp';
import { installAppProtocol, registerAppScheme, resolveAppRequest, type AppFs } from './protocol';

const ROOT = resolve('/srv/gridroom/out/renderer');
const bytes = (text: string) => new TextEncoder().encode(text);

/** An in-memory fs holding a small renderer build plus secrets just outside its root. */
function fakeFs(): AppFs & { reads: string[] } {
  const files = new Map<string, Uint8Array>([
    [resolve(ROOT, 'index.html'), bytes('<!doctype html>')],
    [resolve(ROOT, 'assets/index-abc.js'), bytes('export {}')],
    [resolve(ROOT, 'assets/worker-def.mjs'), bytes('self.onmessage = null')],
    [resolve(ROOT, 'assets/index-abc.css'), bytes('body{}')],
    [resolve(ROOT, 'assets/geo.wasm'), bytes('\0asm')],
    [resolve(ROOT, 'fonts/noto-sans-sc.woff2'), bytes('wOF2')],
    [resolve(ROOT, 'data/demo.json'), bytes('{}')],
    [resolve(ROOT, 'icon.svg'), bytes('<svg/>')],
    [resolve(ROOT, 'blob.xyz'), bytes('?')],
    [resolve(ROOT, '网格.json'), bytes('[]')],
    [resolve(ROOT, '../secret.txt'), bytes('secret')],
    [resolve('/etc/passwd'), bytes('root:x:0:0')],
  ]);
  const dirs = new Set([ROOT, resolve(ROOT, 'assets'), resolve(ROOT, 'fonts'), resolve(ROOT, 'data')]);
  const reads: string[] = [];
  const enoent = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return {
    reads,
    async stat(path) {
      if (dirs.has(path)) return { isFile: () => false };
      if (files.has(path)) return { isFile: () => true };
      throw enoent(path);
    },
    async readFile(path) {
      reads.push(path);
      const file = files.get(path);
      if (!file) throw enoent(path);
      return file;
    },
  };
}

describe('resolveAppRequest: path traversal', () => {
  const attacks = [
    'app://gridroom/../secret.txt',
    'app://gridroom/../../etc/passwd',
    'app://gridroom/assets/../../secret.txt',
    'app://gridroom/%2e%2e/secret.txt',
    'app://gridroom/%2E%2E/secret.txt',
    'app://gridroom/.%2e/secret.txt',
    'app://gridroom/%2e./secret.txt',
    'app://gridroom/assets/%2e%2e/%2e%2e/secret.txt',
    'app://gridroom/%252e%252e/secret.txt', // double encoding
    'app://gridroom/..%2fsecret.txt',
    'app://gridroom/%2e%2e%2fsecret.txt',
    'app://gridroom/..\\secret.txt',
    'app://gridroom/assets\\..\\..\\secret.txt',
    'app://gridroom/%5c..%5csecret.txt',
    'app://gridroom//etc/passwd', // absolute path after the root slash
    'app://gridroom/%2fetc%2fpasswd',
    'app://gridroom/C:/Windows/win.ini',
    'app://gridroom/C%3a%5cWindows%5cwin.ini',
    'app://gridroom/index.html%00.png',
    'app://gridroom/./index.html',
    'app://gridroom/%E0%A4%A', // malformed percent-encoding
  ];

  it.each(attacks)('refuses %s with 403 without touching the file system', async (url) => {
    const fs = fakeFs();
    const res = await resolveAppRequest(url, ROOT, fs);
    expect(res.status).toBe(403);
    expect(res.filePath).toBeUndefined();
    expect(fs.reads).toEqual([]);
  });

  it.each([
    'app://evil/index.html',
    'app://gridroom.evil.example/index.html',
    'app://gridroom@evil/index.html',
    'app://gridroom:8080/index.html',
    'file:///etc/passwd',
    'https://gridroom/index.html',
  ])('refuses a URL outside app://gridroom (%s) with 400', async (url) => {
    const fs = fakeFs();
    const res = await resolveAppRequest(url, ROOT, fs);
    expect(res.status).toBe(400);
    expect(fs.reads).toEqual([]);
  });
});

describe('resolveAppRequest: serving files', () => {
  it.each([
    ['app://gridroom/', 'index.html', 'text/html; charset=utf-8'],
    ['app://gridroom', 'index.html', 'text/html; charset=utf-8'],
    ['app://gridroom/index.html?lang=zh#grid=A01', 'index.html', 'text/html; charset=utf-8'],
    ['app://gridroom/assets/index-abc.js', 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://gridroom/assets/worker-def.mjs', 'assets/worker-def.mjs', 'text/javascript; charset=utf-8'],
    ['app://gridroom/assets/index-abc.css', 'assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://gridroom/assets/geo.wasm', 'assets/geo.wasm', 'application/wasm'],
    ['app://gridroom/fonts/noto-sans-sc.woff2', 'fonts/noto-sans-sc.woff2', 'font/woff2'],
    ['app://gridroom/data/demo.json', 'data/demo.json', 'application/json; charset=utf-8'],
    ['app://gridroom/icon.svg', 'icon.svg', 'image/svg+xml'],
    ['app://gridroom/blob.xyz', 'blob.xyz', 'application/octet-stream'],
    ['app://gridroom/%E7%BD%91%E6%A0%BC.json', '网格.json', 'application/json; charset=utf-8'],
    ['APP://GRIDROOM/index.html', 'index.html', 'text/html; charset=utf-8'],
  ])('%s → %s as %s', async (url, file, mime) => {
    const res = await resolveAppRequest(url, ROOT, fakeFs());
    expect(res.status).toBe(200);
    expect(res.filePath).toBe(resolve(ROOT, file));
    expect(res.headers['Content-Type']).toBe(mime);
  });

  it('answers 404 for a missing file and for a directory', async () => {
    expect((await resolveAppRequest('app://gridroom/missing.js', ROOT, fakeFs())).status).toBe(404);
    expect((await resolveAppRequest('app://gridroom/assets', ROOT, fakeFs())).status).toBe(404);
    expect((await resolveAppRequest('app://gridroom/assets/', ROOT, fakeFs())).status).toBe(404);
  });

  it('sends the production CSP and nosniff on every response, errors included', async () => {
    for (const url of ['app://gridroom/', 'app://gridroom/missing', 'app://gridroom/../x', 'app://evil/']) {
      const res = await resolveAppRequest(url, ROOT, fakeFs());
      expect(res.headers['Content-Security-Policy']).toBe(PRODUCTION_CSP);
      expect(res.headers['X-Content-Type-Options']).toBe('nosniff');
    }
  });
});

describe('PRODUCTION_CSP', () => {
  it('allows scripts only from the app, and no eval or inline script', () => {
    const directives = new Map(PRODUCTION_CSP.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(PRODUCTION_CSP).not.toContain('unsafe-eval');
  });
});

describe('registerAppScheme / installAppProtocol', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    const [schemes] = registerSchemesAsPrivileged.mock.calls[0];
    expect(schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
  });

  it('answers through a Response, refusing methods other than GET and HEAD', async () => {
    let handler: ((request: Request) => Response | Promise<Response>) | undefined;
    installAppProtocol({ handle: (_scheme, h) => void (handler = h as typeof handler) }, ROOT, fakeFs());
    expect(handler).toBeDefined();
    const get = await handler!(new Request('app://gridroom/icon.svg'));
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/svg+xml');
    expect(get.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(await get.text()).toBe('<svg/>');
    const head = await handler!(new Request('app://gridroom/icon.svg', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handler!(new Request('app://gridroom/icon.svg', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });
});
