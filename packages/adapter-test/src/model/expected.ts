/**
 * What the reference model predicts for one facade call: the value, or only
 * the error's `type` (the facade's messages and details are not modelled).
 */
export type Expected<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

export function expectValue<T>(value: T): Expected<T> {
  return { ok: true, value }
}

export function expectError<T>(type: string): Expected<T> {
  return { ok: false, error: type }
}

/** The same shape from a real facade answer, for `toEqual` against the model. */
export function observed<T>(value: T): Expected<T> {
  return { ok: true, value }
}

export function observedError(error: { readonly type: string }): Expected<never> {
  return { ok: false, error: error.type }
}

/** Placeholder for an id the store never issued because the real call failed. */
export const NOT_ISSUED = '<not issued>'
