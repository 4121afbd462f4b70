import { useEffect, useRef } from 'preact/hooks'

export interface PollOptions {
  /** Pause between the end of one call and the start of the next while the page is visible. */
  readonly intervalMs: number
  /** While the tab is hidden: poll this slowly, or not at all when undefined. */
  readonly hiddenIntervalMs?: number
  /** Stop polling (the data can no longer change, or the call keeps failing for good). */
  readonly stopped?: boolean
}

/**
 * Calls `poll` now and then again `intervalMs` after each call finishes (never two at once), only
 * while the tab is visible unless `hiddenIntervalMs` is given, and at once when the tab becomes
 * visible again. The API has no event stream, so this is how the page stays live.
 */
export function usePoll(poll: () => Promise<unknown>, options: PollOptions, deps: readonly unknown[]): void {
  const latest = useRef(poll)
  latest.current = poll
  const { intervalMs, hiddenIntervalMs, stopped = false } = options
  useEffect(() => {
    if (stopped) return undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let running = false
    let disposed = false
    const schedule = (): void => {
      clearTimeout(timer)
      const pause = document.visibilityState === 'visible' ? intervalMs : hiddenIntervalMs
      if (pause !== undefined && !disposed) timer = setTimeout(run, pause)
    }
    const run = (): void => {
      if (running || disposed) return
      running = true
      void latest.current().finally(() => {
        running = false
        schedule()
      })
    }
    const onVisibility = (): void => (document.visibilityState === 'visible' ? run() : schedule())
    document.addEventListener('visibilitychange', onVisibility)
    run()
    return () => {
      disposed = true
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisibility)
    }
    // The caller names what restarts the poll (`deps`); `poll` itself may change on every render.
  }, [intervalMs, hiddenIntervalMs, stopped, ...deps])
}
