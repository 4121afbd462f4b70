import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { BatchSpanProcessor, ConsoleSpanExporter, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace'
import type { Instrumentation } from '@boxoffice/core'
import { createOpenTelemetryInstrumentation } from '@boxoffice/opentelemetry'

/** Where GET serves the metrics in Prometheus text format. */
export const METRICS_PATH = '/metrics'

/** A server process's OpenTelemetry: metrics for `/metrics` always, traces when the environment asks. */
export interface Telemetry {
  /** For `createBoxOffice` and `createScheduler`. */
  readonly instrumentation: Instrumentation
  /** Where spans go: `otlp <url>`, `console`, or `off`. */
  readonly traces: string
  /** The current metrics in Prometheus text exposition format. */
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>
  /** Sends the spans still buffered and stops the providers. */
  shutdown(): Promise<void>
}

/** The OpenTelemetry environment variables this reads (the rest the OTLP exporter reads itself). */
export interface TelemetryEnvironment {
  readonly OTEL_SDK_DISABLED?: string | undefined
  readonly OTEL_SERVICE_NAME?: string | undefined
  readonly OTEL_TRACES_EXPORTER?: string | undefined
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined
}

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim()

/**
 * The trace exporter the standard variables ask for: OTLP (http/json) when
 * `OTEL_TRACES_EXPORTER` lists `otlp`, or when it is unset and an OTLP
 * endpoint is; `console` for spans on stdout; nothing otherwise, so a process
 * without these variables sends nothing anywhere.
 */
function traceExporter(
  env: TelemetryEnvironment,
): { readonly exporter: SpanExporter; readonly label: string } | undefined {
  const chosen = (nonEmpty(env.OTEL_TRACES_EXPORTER) ?? '').split(',').map((name) => name.trim())
  const tracesUrl = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  const baseUrl = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)
  const url = tracesUrl ?? (baseUrl === undefined ? undefined : `${baseUrl.replace(/\/$/, '')}/v1/traces`)
  if (chosen.includes('otlp') || (chosen.join('') === '' && url !== undefined)) {
    // Headers, timeout and compression come from the OTEL_EXPORTER_OTLP_* variables, read by the exporter.
    return { exporter: new OTLPTraceExporter(url === undefined ? {} : { url }), label: `otlp ${url ?? '(default)'}` }
  }
  if (chosen.includes('console')) return { exporter: new ConsoleSpanExporter(), label: 'console' }
  return undefined
}

/**
 * OpenTelemetry for an example server, configured by the standard `OTEL_*`
 * variables: a meter provider read by the Prometheus exporter (served on the
 * app's own port at `/metrics`, not on a second one), and a tracer provider
 * when a trace exporter is asked for. Providers are passed to the
 * instrumentation rather than registered globally, so several servers can
 * live in one process (as in the tests). Answers undefined when
 * `OTEL_SDK_DISABLED=true`.
 *
 * @example
 * ```ts
 * const telemetry = createTelemetry(process.env, 'boxoffice-fastify')
 * const box = createBoxOffice({ ...stores, instrumentation: telemetry?.instrumentation })
 * ```
 */
export function createTelemetry(env: TelemetryEnvironment, defaultServiceName: string): Telemetry | undefined {
  if (nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true') return undefined
  // Spans opened across awaits nest only with an async context manager; the first one registered stays.
  const contextManager = new AsyncLocalStorageContextManager().enable()
  if (!context.setGlobalContextManager(contextManager)) contextManager.disable()
  const resource = resourceFromAttributes({ 'service.name': nonEmpty(env.OTEL_SERVICE_NAME) ?? defaultServiceName })
  const prometheus = new PrometheusExporter({ preventServerStart: true })
  const meterProvider = new MeterProvider({ resource, readers: [prometheus] })
  const traces = traceExporter(env)
  const tracerProvider =
    traces === undefined
      ? undefined
      : new TracerProvider({ resource, spanProcessors: [new BatchSpanProcessor({ exporter: traces.exporter })] })
  const serializer = new PrometheusSerializer()
  return {
    instrumentation: createOpenTelemetryInstrumentation(
      tracerProvider === undefined ? { meterProvider } : { meterProvider, tracerProvider },
    ),
    traces: traces?.label ?? 'off',
    metrics: async () => {
      const { resourceMetrics } = await prometheus.collect()
      return { contentType: PROMETHEUS_CONTENT_TYPE, body: serializer.serialize(resourceMetrics) }
    },
    shutdown: async () => {
      await Promise.all([meterProvider.shutdown(), tracerProvider?.shutdown()])
    },
  }
}
