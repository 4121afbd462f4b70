import { errAsync, okAsync, type Result, type ResultAsync } from 'neverthrow'

/** ResultAsync values for answers computed synchronously (the memory stores never await). */
export const settled = {
  ok: <T>(value: T): ResultAsync<T, never> => okAsync(value),
  err: <E>(error: E): ResultAsync<never, E> => errAsync(error),
  from: <T, E>(result: Result<T, E>): ResultAsync<T, E> =>
    result.isOk() ? okAsync(result.value) : errAsync(result.error),
}
