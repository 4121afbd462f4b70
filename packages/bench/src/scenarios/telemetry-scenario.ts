import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice, type Instrumentation } from '@boxoffice/core'
import { createOpenTelemetryInstrumentation } from '@boxoffice/opentelemetry'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace'
import { compareSides } from '../harness/compare.js'
import type { BenchContext, Scenario, ScenarioRecorder } from '../harness/scenario.js'
import { MEMORY_CONCURRENCY } from '../stores/services.js'
import { QueueLoad } from './queue-load.js'
import { BENCH_POLICY } from './sale-fixture.js'

/** Drops every batch after counting it: the SDK does all its work, nothing is kept or sent. */
class CountingExporter implements SpanExporter {
  exported = 0
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length
    done({ code: 0 })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

/** Aggregates in memory; nothing collects during the run. */
class IdleReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve()
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve()
  }
}

const queueLoad = (instrumentation: Instrumentation | undefined, name: string): QueueLoad => {
  const box = createBoxOffice({
    ...createMemoryStores(),
    policy: BENCH_POLICY,
    ...(instrumentation === undefined ? {} : { instrumentation }),
  })
  return new QueueLoad(box, name, name)
}

async function compareQueueCalls(
  context: BenchContext,
  record: ScenarioRecorder,
  label: string,
  instrumented: QueueLoad,
  plain: QueueLoad,
): Promise<void> {
  const window = {
    concurrency: MEMORY_CONCURRENCY,
    durationMs: context.sizes.memoryWindowMs,
    progress: context.progress,
  }
  for (const call of ['enter', 'status'] as const) {
    await compareSides(context, record, {
      name: `${call}, ${label}`,
      library: () => instrumented[call](window),
      raw: { label: `${call}, no instrumentation`, run: () => plain[call](window) },
    })
  }
}

export const telemetryScenario: Scenario = {
  id: 'memory-telemetry',
  title: 'OpenTelemetry on memory: the facade instrumented against the facade without instrumentation',
  async run(context, record) {
    const prefix = `${context.runId}-ot`
    // No SDK is registered in this process: the API hands out its no-op tracer and meter.
    await compareQueueCalls(
      context,
      record,
      'OpenTelemetry API, no SDK',
      queueLoad(createOpenTelemetryInstrumentation(), `${prefix}-noop`),
      queueLoad(undefined, `${prefix}-off1`),
    )

    const exporter = new CountingExporter()
    const tracerProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] })
    const meterProvider = new MeterProvider({ readers: [new IdleReader()] })
    await compareQueueCalls(
      context,
      record,
      'OpenTelemetry SDK (every span sampled)',
      queueLoad(createOpenTelemetryInstrumentation({ tracerProvider, meterProvider }), `${prefix}-sdk`),
      queueLoad(undefined, `${prefix}-off2`),
    )
    await tracerProvider.forceFlush()
    record.check(
      'the SDK side exported spans',
      exporter.exported > 0,
      `${exporter.exported.toLocaleString('en-US')} spans`,
    )
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
    record.note(
      'The raw side here is the same facade built without instrumentation; library/raw is the share of throughput kept with OpenTelemetry on. Without instrumentation createBoxOffice wraps nothing, so its calls are the ones the other memory scenarios measure. The SDK side samples every span into a batch processor whose exporter drops them, and aggregates every metric in memory.',
    )
  },
}
