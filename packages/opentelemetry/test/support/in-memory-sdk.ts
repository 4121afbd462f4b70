import type { Attributes } from '@opentelemetry/api'
import { MeterProvider, MetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace'

/** A reader the test collects from on demand. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve()
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve()
  }
}

/** A real OpenTelemetry SDK that keeps spans and metrics in memory, not registered globally. */
export interface InMemorySdk {
  readonly tracerProvider: TracerProvider
  readonly meterProvider: MeterProvider
  spans(): readonly ReadableSpan[]
  /** The data points of one metric, each with its attributes. */
  points(metric: string): Promise<readonly DataPoint<unknown>[]>
  /** The value of a counter or gauge at exactly these attributes (0 when absent). */
  value(metric: string, attributes: Attributes): Promise<number>
  shutdown(): Promise<void>
}

const sameAttributes = (a: Attributes, b: Attributes): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([key, value]) => a[key] === value)

export function inMemorySdk(): InMemorySdk {
  const exporter = new InMemorySpanExporter()
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })
  const reader = new OnDemandReader()
  const meterProvider = new MeterProvider({ readers: [reader] })
  const metric = async (name: string): Promise<MetricData | undefined> => {
    const { resourceMetrics } = await reader.collect()
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name)
  }
  const points = async (name: string): Promise<readonly DataPoint<unknown>[]> =>
    ((await metric(name))?.dataPoints ?? []) as readonly DataPoint<unknown>[]
  return {
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    points,
    value: async (name, attributes) => {
      const point = (await points(name)).find((p) => sameAttributes(p.attributes, attributes))
      return typeof point?.value === 'number' ? point.value : 0
    },
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
    },
  }
}
