/**
 * Ports whose adapter module is imported on first call. Each AWS client and octokit costs tens of
 * milliseconds to load; a run loads only those it uses, and none before its inputs are valid. Every
 * method of a port returns a promise, so waiting for the import first changes nothing for callers.
 */

/** Every method of a port, named once: a missing or misspelt one fails to compile. */
export type MethodNames<T> = { readonly [K in keyof T]-?: true }

/** A real object (it can be spread or wrapped) whose methods load the adapter on their first call. */
export function lazyPort<T extends object>(methods: MethodNames<T>, load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined
  const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const name of Object.keys(methods)) {
    port[name] = async (...args) => {
      loaded ??= load()
      const adapter = (await loaded) as Record<string, (...a: unknown[]) => Promise<unknown>>
      const method = adapter[name]
      if (method === undefined) throw new TypeError(`the adapter has no method ${name}`)
      return method.apply(adapter, args)
    }
  }
  return port as T
}
