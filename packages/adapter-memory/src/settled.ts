import { errAsync, okAsync, ResultAsync, type Result } from 'neverthrow'

/** ResultAsync values for answers computed synchronously (the memory stores never await). */
export const settled = {
  ok: <T>(value: T): ResultAsync<T, never> => okAsync(value),
  err: <E>(error: E): ResultAsync<never, E> => errAsync(error),
  /** A promise that never rejects (a wait on the event log). */
  fromSafePromise: <T>(promise: Promise<T>): ResultAsync<T, never> => ResultAsync.fromSafePromise(promise),
  from: <T, E>(result: Result<T, E>): ResultAsync<T, E> => result.match<ResultAsync<T, E>>(okAsync, errAsync),
  /** Applies a transition's outcome: `commit` stores an ok value, an error changes nothing. */
  commit: <T, E, U = T>(result: Result<T, E>, commit: (value: T) => U): ResultAsync<U, E> =>
    result.match<ResultAsync<U, E>>((value) => okAsync(commit(value)), errAsync),
}
