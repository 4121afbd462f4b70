import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Failure } from './api-types'
import { describeFailure, formatCountdown } from './format'

/** The page title; takes focus when the page opens, so keyboard and screen-reader users start there. */
export function PageHeading({ children }: { readonly children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <h1 tabIndex={-1} ref={heading}>
      {children}
    </h1>
  )
}

/** A failed call, announced at once. */
export function ErrorNotice({
  failure,
  children,
}: {
  readonly failure: Failure
  readonly children?: ComponentChildren
}) {
  return (
    <div class="notice error" role="alert" data-error={failure.type}>
      <p>{describeFailure(failure)}</p>
      {children}
    </div>
  )
}

/** The milliseconds left until `deadline` (this browser's clock), ticking every quarter second. */
export function useRemaining(deadline: number): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [deadline])
  return Math.max(0, deadline - now)
}

/** `Held for 4:59`, as a timer (read when the visitor reaches it, not announced on every tick). */
export function Countdown({ deadline, label }: { readonly deadline: number; readonly label: string }) {
  const remaining = useRemaining(deadline)
  return (
    <p class={remaining < 60_000 ? 'countdown urgent' : 'countdown'} role="timer" data-remaining-ms={remaining}>
      {label} <strong>{formatCountdown(remaining)}</strong>
    </p>
  )
}
