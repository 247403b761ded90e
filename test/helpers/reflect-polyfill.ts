/**
 * Until the control plane's `src/server/reflect-metadata.ts` is on this branch: the minimal Reflect
 * metadata API that @peculiar/x509 (tsyringe) checks for at load time. Installs only when absent.
 */
const meta = new WeakMap<object, Map<unknown, unknown>>();
const r = Reflect as unknown as Record<string, unknown>;
if (typeof r.getMetadata !== 'function') {
  Object.assign(r, {
    defineMetadata: (k: unknown, v: unknown, t: object) => {
      if (!meta.has(t)) meta.set(t, new Map());
      meta.get(t)!.set(k, v);
    },
    getOwnMetadata: (k: unknown, t: object) => meta.get(t)?.get(k),
    getMetadata: (k: unknown, t: object) => {
      for (let o: object | null = t; o; o = Object.getPrototypeOf(o) as object | null) {
        if (meta.get(o)?.has(k)) return meta.get(o)!.get(k);
      }
      return undefined;
    },
  });
}
export {};
