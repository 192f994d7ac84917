import { describe, expect, it, vi } from 'vitest';
import { createTrustedUrlCheck } from './app-origin';
import { installPermissionHandlers, isPermissionGranted, type PermissionName, type PermissionSession } from './permissions';

const isTrusted = createTrustedUrlCheck();

describe('isPermissionGranted', () => {
  it.each<PermissionName>(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'fullscreen'])(
    'refuses %s even to the app',
    (permission) => expect(isPermissionGranted(permission, 'app://gridroom/index.html', isTrusted)).toBe(false),
  );

  it('grants persistent storage to the app origin only', () => {
    expect(isPermissionGranted('persistent-storage', 'app://gridroom/', isTrusted)).toBe(true);
    expect(isPermissionGranted('persistent-storage', 'https://evil.example/', isTrusted)).toBe(false);
  });
});

describe('installPermissionHandlers', () => {
  it('installs request and check handlers that agree', () => {
    type RequestHandler = Parameters<PermissionSession['setPermissionRequestHandler']>[0];
    type CheckHandler = Parameters<PermissionSession['setPermissionCheckHandler']>[0];
    let onRequest: RequestHandler | undefined;
    let onCheck: CheckHandler | undefined;
    const session: PermissionSession = {
      setPermissionRequestHandler(h) {
        onRequest = h;
      },
      setPermissionCheckHandler(h) {
        onCheck = h;
      },
    };
    installPermissionHandlers(session, isTrusted);
    const callback = vi.fn();
    onRequest?.({}, 'media', callback, { requestingUrl: 'app://gridroom/index.html' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(onCheck?.({}, 'geolocation', 'app://gridroom')).toBe(false);
    expect(onCheck?.({}, 'persistent-storage', 'app://gridroom')).toBe(true);
  });
});
