import type { BenchContext, Scenario, ScenarioResult } from './scenario.js'
import { ScenarioRecorder } from './scenario.js'

/** The largest heap any sample saw, and the process's peak resident set. */
export interface MemoryPeak {
  readonly heapBytes: number
  readonly rssBytes: number
}

/** Samples the heap while scenarios run; the peak RSS comes from the kernel at the end. */
export class MemoryWatch {
  #peakHeap = 0
  readonly #timer: NodeJS.Timeout

  constructor() {
    this.#timer = setInterval(() => this.sample(), 200)
    this.#timer.unref()
  }

  sample(): void {
    this.#peakHeap = Math.max(this.#peakHeap, process.memoryUsage().heapUsed)
  }

  stop(): MemoryPeak {
    clearInterval(this.#timer)
    this.sample()
    // maxRSS is in kilobytes.
    return { heapBytes: this.#peakHeap, rssBytes: process.resourceUsage().maxRSS * 1024 }
  }
}

/**
 * A full garbage collection, when the process was started with --expose-gc
 * (the bench script does): the stores a scenario filled are garbage once it
 * ends, and the next scenario should not pay for collecting them.
 */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.()

/** Runs one scenario; an exception ends it with a failed check instead of ending the run. */
export async function runScenario(scenario: Scenario, context: BenchContext): Promise<ScenarioResult> {
  collectGarbage()
  const record = new ScenarioRecorder()
  const begin = performance.now()
  context.progress.scenario(scenario.title)
  try {
    await scenario.run(context, record)
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    record.check('the scenario ran to the end', false, message.split('\n').slice(0, 4).join(' | '))
  }
  return {
    id: scenario.id,
    title: scenario.title,
    ...(record.skipped === undefined ? {} : { skipped: record.skipped }),
    rows: record.rows,
    checks: record.checks,
    notes: record.notes,
    scaling: record.scaling,
    seconds: (performance.now() - begin) / 1000,
  }
}
