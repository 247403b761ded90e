/**
 * The smallest `Reflect` metadata API that @peculiar/x509's dependency injection (tsyringe) checks
 * for at load time (`getMetadata`, `getOwnMetadata`, `defineMetadata`). Require this module before
 * @peculiar/x509; it only installs itself when no polyfill is present.
 */
type Target = object;
const store = new WeakMap<Target, Map<string | symbol, Map<unknown, unknown>>>();

function table(target: Target, property: string | symbol | undefined, create: boolean) {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  const key = property ?? '';
  let entries = byProperty.get(key);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(key, entries);
  }
  return entries;
}

const api = {
  defineMetadata(key: unknown, value: unknown, target: Target, property?: string | symbol): void {
    table(target, property, true)!.set(key, value);
  },
  getOwnMetadata(key: unknown, target: Target, property?: string | symbol): unknown {
    return table(target, property, false)?.get(key);
  },
  getMetadata(key: unknown, target: Target, property?: string | symbol): unknown {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const entries = table(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  },
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') Object.assign(reflect, api);

export {};
