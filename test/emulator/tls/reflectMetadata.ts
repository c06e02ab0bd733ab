/**
 * The slice of the Reflect metadata API that tsyringe (under @peculiar/x509) calls when it loads: getMetadata,
 * getOwnMetadata, defineMetadata, hasMetadata and the `metadata` decorator factory that tslib's `__metadata`
 * uses. Installed only when no polyfill is present; the repository has no Reflect polyfill dependency yet.
 * Import this module before @peculiar/x509.
 */
type MetadataTarget = object;

interface ReflectMetadataApi {
  getMetadata(key: unknown, target: MetadataTarget, property?: string | symbol): unknown;
  getOwnMetadata(key: unknown, target: MetadataTarget, property?: string | symbol): unknown;
  defineMetadata(key: unknown, value: unknown, target: MetadataTarget, property?: string | symbol): void;
  hasMetadata(key: unknown, target: MetadataTarget, property?: string | symbol): boolean;
  metadata(key: unknown, value: unknown): (target: MetadataTarget, property?: string | symbol) => void;
}

const reflect = Reflect as typeof Reflect & Partial<ReflectMetadataApi>;

if (typeof reflect.getMetadata !== "function") {
  const store = new WeakMap<MetadataTarget, Map<string | symbol | undefined, Map<unknown, unknown>>>();
  const own = (target: MetadataTarget, property: string | symbol | undefined, create: boolean) => {
    let byProperty = store.get(target);
    if (byProperty === undefined && create) store.set(target, (byProperty = new Map()));
    let byKey = byProperty?.get(property);
    if (byKey === undefined && create && byProperty !== undefined) byProperty.set(property, (byKey = new Map()));
    return byKey;
  };
  const api: ReflectMetadataApi = {
    getOwnMetadata: (key, target, property) => own(target, property, false)?.get(key),
    getMetadata(key, target, property) {
      // Metadata is inherited along the prototype chain, as with reflect-metadata.
      for (let current: MetadataTarget | null = target; current !== null; current = Object.getPrototypeOf(current)) {
        const map = own(current, property, false);
        if (map?.has(key)) return map.get(key);
      }
      return undefined;
    },
    defineMetadata: (key, value, target, property) => void own(target, property, true)?.set(key, value),
    hasMetadata: (key, target, property) => api.getMetadata(key, target, property) !== undefined,
    metadata: (key, value) => (target, property) => api.defineMetadata(key, value, target, property),
  };
  Object.assign(reflect, api);
}

export {};
