import {
  metrics,
  SpanStatusCode,
  trace,
  type Attributes,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api'
import type { Instrumentation, ObservedCall, TickReport } from '@boxoffice/core'
import { ResultAsync, type Result } from 'neverthrow'
import { ATTRIBUTE, subjectAttributes } from './call-attributes.js'
import { saleMetrics } from './sale-metrics.js'

/** The instrumentation scope every span and metric is reported under. */
export const INSTRUMENTATION_SCOPE = '@boxoffice/opentelemetry'

/** What `createOpenTelemetryInstrumentation` takes; both providers default to the global ones. */
export interface OpenTelemetryInstrumentationOptions {
  /** Where spans go; the global provider (`trace.getTracerProvider()`) by default. */
  readonly tracerProvider?: TracerProvider
  /**
   * Where metrics go; the global provider by default. OpenTelemetry binds
   * instruments when they are made, so register a global meter provider
   * before calling `createOpenTelemetryInstrumentation`, or pass it here.
   */
  readonly meterProvider?: MeterProvider
}

type Failure = { readonly type: string }

/**
 * boxoffice's calls as OpenTelemetry spans and metrics, through
 * `@opentelemetry/api` only: the application chooses and configures the SDK.
 *
 * - a span per facade call, `boxoffice.<group>.<method>` (`boxoffice.holds.hold`),
 *   with the concert and schedule it is about; an error answer sets the span's
 *   status to ERROR with the error `type` as message and `error.type` attribute;
 *   a span per scheduler tick, holding the tick's calls;
 * - `boxoffice.calls` (by call and outcome: `ok` or the error type) and
 *   `boxoffice.errors` (by call and `error.type`), for every call, present or future;
 * - `boxoffice.queue.waiting` / `boxoffice.queue.active` per concert, as the last
 *   admit tick saw them, `boxoffice.queue.admitted` per tick, `boxoffice.queue.removed`;
 * - `boxoffice.holds.placed`, `boxoffice.holds.expired`, `boxoffice.payments`,
 *   `boxoffice.payments.amount`, `boxoffice.refunds`;
 * - `boxoffice.store.duration`: every store call's latency, by port method and outcome.
 *
 * @example
 * ```ts
 * import { createBoxOffice, createScheduler } from '@boxoffice/core'
 * import { createOpenTelemetryInstrumentation } from '@boxoffice/opentelemetry'
 *
 * // after the OpenTelemetry SDK is registered
 * const instrumentation = createOpenTelemetryInstrumentation()
 * const box = createBoxOffice({ ...stores, instrumentation })
 * const scheduler = createScheduler(box, { intervalMs: 1_000, instrumentation })
 * ```
 */
export function createOpenTelemetryInstrumentation(
  options: OpenTelemetryInstrumentationOptions = {},
): Required<Instrumentation> {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE)
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE)
  const calls = meter.createCounter('boxoffice.calls', { description: 'Facade calls by outcome.', unit: '{call}' })
  const errors = meter.createCounter('boxoffice.errors', {
    description: 'Facade calls that answered an error, by type.',
    unit: '{call}',
  })
  const storeDuration = meter.createHistogram('boxoffice.store.duration', {
    description: 'Duration of store port calls.',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
  })
  const onSuccess = saleMetrics(meter)

  // Per call name, built once: the span name and the attribute sets of an Ok answer.
  const names = new Map<string, { readonly span: string; readonly ok: Attributes }>()
  const named = (call: ObservedCall): { readonly span: string; readonly ok: Attributes } => {
    let found = names.get(call.name)
    if (found === undefined) {
      found = { span: `boxoffice.${call.name}`, ok: { [ATTRIBUTE.call]: call.name, [ATTRIBUTE.outcome]: 'ok' } }
      names.set(call.name, found)
    }
    return found
  }
  const failed = (call: string, error: Failure): Attributes => ({
    [ATTRIBUTE.call]: call,
    [ATTRIBUTE.outcome]: error.type,
    [ATTRIBUTE.errorType]: error.type,
  })
  const endSpan = (span: Span, result: Result<unknown, Failure>, input: unknown): void => {
    if (result.isErr()) {
      span.setAttribute(ATTRIBUTE.errorType, result.error.type)
      span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.type })
    } else if (span.isRecording()) {
      span.setAttributes(subjectAttributes(input, result.value))
    }
    span.end()
  }

  return {
    facade: (call, run) => {
      const { span: spanName, ok } = named(call)
      return tracer.startActiveSpan(spanName, { attributes: subjectAttributes(call.input) }, (span) =>
        afterSettled(run, (result) => {
          if (result.isOk()) {
            calls.add(1, ok)
            onSuccess.get(call.name)?.(result.value)
          } else {
            const attributes = failed(call.name, result.error)
            calls.add(1, attributes)
            errors.add(1, attributes)
          }
          endSpan(span, result, call.input)
        }),
      )
    },
    store: (call, run) => {
      const { ok } = named(call)
      const started = performance.now()
      return afterSettled(run, (result) => {
        const seconds = (performance.now() - started) / 1000
        storeDuration.record(seconds, result.isOk() ? ok : failed(call.name, result.error))
      })
    },
    tick: (call, run) =>
      tracer.startActiveSpan(named(call).span, (span) =>
        afterSettled(run, (result) => {
          if (result.isOk() && span.isRecording()) span.setAttributes(tickAttributes(result.value as TickReport))
          endSpan(span, result, undefined)
        }),
      ),
  }
}

/**
 * `run`'s result, unchanged, once `observe` has seen it. A plain promise
 * continuation, as in the core's `recover`: neverthrow's `map` costs far more per call.
 */
function afterSettled<T, E>(run: () => ResultAsync<T, E>, observe: (result: Result<T, E>) => void): ResultAsync<T, E> {
  return new ResultAsync(
    Promise.resolve(run()).then((result) => {
      observe(result)
      return result
    }),
  )
}

function tickAttributes(report: TickReport): Attributes {
  let admitted = 0
  for (const admit of report.admits) admitted += admit.admitted
  return {
    'boxoffice.tick.concerts': report.admits.length,
    'boxoffice.tick.admitted': admitted,
    'boxoffice.tick.expired_holds': report.expiredHolds,
  }
}
