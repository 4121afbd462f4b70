import type { ResultAsync } from 'neverthrow'
import type { CallWrapper, ObservedCall } from './instrumentation.js'

type Method = (...args: unknown[]) => ResultAsync<unknown, { readonly type: string }>

/**
 * `target` with every method call routed through `wrap`, named `<group>.<method>`.
 * A proxy over a blank object, so it works for object literals, class
 * instances, proxies and frozen objects alike; the method is read from
 * `target` at each call, so a store that swaps its methods is still followed.
 */
export function observeMethods<T extends object>(
  target: T,
  kind: ObservedCall['kind'],
  group: string,
  wrap: CallWrapper,
): T {
  const wrappers = new Map<string, Method>()
  const wrapperOf = (method: string): Method => {
    let wrapper = wrappers.get(method)
    if (wrapper === undefined) {
      const name = `${group}.${method}`
      wrapper = (...args) =>
        wrap({ kind, name, input: args[0] }, () => (Reflect.get(target, method) as Method).apply(target, args))
      wrappers.set(method, wrapper)
    }
    return wrapper
  }
  return new Proxy({} as T, {
    get: (_blank, property) => {
      const value: unknown = Reflect.get(target, property)
      return typeof value === 'function' && typeof property === 'string' ? wrapperOf(property) : value
    },
    has: (_blank, property) => Reflect.has(target, property),
    // Enumerating the observed object (Object.keys, a spread) shows the target's members.
    ownKeys: () => Reflect.ownKeys(target),
    getOwnPropertyDescriptor: (_blank, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, property)
      if (descriptor === undefined) return undefined
      const value: unknown = Reflect.get(target, property)
      const observed = typeof value === 'function' && typeof property === 'string' ? wrapperOf(property) : value
      return { value: observed, writable: false, enumerable: descriptor.enumerable ?? true, configurable: true }
    },
  })
}

/** Both wrappers around one call, `outer` outermost; the one given when the other is missing. */
export function nestWrappers(outer: CallWrapper | undefined, inner: CallWrapper | undefined): CallWrapper | undefined {
  if (outer === undefined) return inner
  if (inner === undefined) return outer
  return (call, run) => outer(call, () => inner(call, run))
}
