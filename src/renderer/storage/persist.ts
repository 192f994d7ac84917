/**
 * Asks the browser not to evict Gridroom's data under storage pressure. Without it, IndexedDB is
 * "best effort" and the district can vanish when the disk fills.
 */

let request: Promise<boolean | null> | null = null;

/**
 * Calls `navigator.storage.persist()` once per page, when the API exists. Resolves to whether
 * storage is persistent, or null when the API is missing or failed. Never rejects: persistence
 * is a wish, not a precondition for opening the store. Callers should not await it, since
 * Firefox may ask the user first.
 */
export function requestPersistentStorage(): Promise<boolean | null> {
  request ??= ask();
  return request;
}

async function ask(): Promise<boolean | null> {
  try {
    // Absent in Node, in workers of some engines, and in insecure contexts.
    const storage: StorageManager | undefined =
      typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage || typeof storage.persist !== 'function') return null;
    return await storage.persist();
  } catch {
    return null;
  }
}
