/** What an id is generated for. */
export type IdKind = 'token' | 'concert' | 'schedule' | 'hold' | 'payment' | 'entry' | 'refund'

/** Makes the ids boxoffice assigns. Queue tokens must be unguessable: they are bearer credentials. */
export type IdGenerator = (kind: IdKind) => string

/**
 * Random v4 UUIDs (122 random bits) from the platform's CSPRNG, for every kind.
 *
 * @example
 * ```ts
 * const box = createBoxOffice({ queue, booking, ids: randomIds })
 * ```
 */
export const randomIds: IdGenerator = () => globalThis.crypto.randomUUID()
