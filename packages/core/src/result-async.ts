import { ok, ResultAsync, type Result } from 'neverthrow'

/*
 * neverthrow's ResultAsync.map/mapErr/orElse run through a down-levelled async
 * generator on every call, ~10x the cost of andThen. The facade's hot paths
 * (enter, status, hold, pay) use andThen with a synchronous Result instead, and
 * this one helper where an error must be turned into another outcome.
 */

/** Like `orElse`, without the per-call generator: `recover` runs only on an error. */
export function recover<T, E, U, F>(
  result: ResultAsync<T, E>,
  recoverFrom: (error: E) => ResultAsync<U, F> | Result<U, F>,
): ResultAsync<T | U, F> {
  return new ResultAsync(
    Promise.resolve(result).then((settled): Result<T | U, F> | PromiseLike<Result<U, F>> =>
      settled.isOk() ? ok(settled.value) : recoverFrom(settled.error),
    ),
  )
}
