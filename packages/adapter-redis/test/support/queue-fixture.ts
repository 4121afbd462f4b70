import { randomUUID } from 'node:crypto'
import { defaultPolicy, type QueuePolicy, type QueueStore, type SaleClosed, type StoreError } from '@boxoffice/core'
import { composeToken, type QueuePosition } from '@boxoffice/core/adapter'
import type { Result, ResultAsync } from 'neverthrow'

export const START: Date = new Date('2030-01-01T00:00:00Z')
export const at = (ms: number): Date => new Date(START.getTime() + ms)

export const policyOf = (overrides: Partial<QueuePolicy> = {}): QueuePolicy => ({
  ...defaultPolicy.queue,
  ...overrides,
})

/** The value of an Ok result; a failed test with the error otherwise. */
export async function value<T, E>(result: ResultAsync<T, E> | Promise<Result<T, E>>): Promise<T> {
  const settled = await result
  if (settled.isErr()) throw new Error(`expected Ok, got ${JSON.stringify(settled.error)}`)
  return settled.value
}

/** The `type` of an Err result; a failed test otherwise. */
export async function errorType<T, E extends { readonly type: string }>(
  result: ResultAsync<T, E> | Promise<Result<T, E>>,
): Promise<string> {
  const settled = await result
  if (settled.isOk()) throw new Error(`expected Err, got ${JSON.stringify(settled.value)}`)
  return settled.error.type
}

/** What the facade does: a fresh random token id under the concert. */
export const enterAs = (
  store: QueueStore,
  userId: string,
  concertId: string,
  now: Date,
  policy: QueuePolicy,
): ResultAsync<QueuePosition, SaleClosed | StoreError> =>
  store.enter({ token: composeToken(concertId, randomUUID()), userId, concertId, now, policy })
