import type { Measurement } from '../harness/measurement.js'
import type { Progress } from '../harness/progress.js'
import type { ScenarioRecorder, Target } from '../harness/scenario.js'
import { ratioOf } from '../harness/targets.js'
import { pollRead } from './autocannon-load.js'
import type { ServedApp } from './child-protocol.js'

/** Over HTTP, the 50-seat map and the dates should answer at least this share of the status poll's rate. */
const READS_VERSUS_STATUS = 0.5

const versusStatus = (ratio: number): Target => ({
  text: `>= ${Math.round(READS_VERSUS_STATUS * 100)}% of status poll`,
  reached: `${Math.round(ratio * 100)}% of status poll`,
  met: ratio >= READS_VERSUS_STATUS,
})

/**
 * The seat map (50 seats) and the dates (two 50-seat dates and the buyers'
 * date) under autocannon, asked by the admitted buyers, each row with its rate against the same server's
 * status poll measured just before.
 */
export async function pollReads(
  record: ScenarioRecorder,
  run: {
    readonly framework: string
    readonly app: ServedApp
    readonly status: Measurement
    readonly seconds: number
    readonly progress: Progress
  },
): Promise<void> {
  const { framework, app, status, seconds, progress } = run
  if (app.reads === undefined) return
  for (const [what, path] of [
    ['seat map (50 seats)', `/schedules/${app.reads.scheduleId}/seats`],
    ['dates (3 dates)', `/concerts/${app.reads.concertId}/dates`],
  ] as const) {
    const name = `${framework} ${what} (${app.stores})`
    progress.step(name)
    const measurement = await pollRead(app.url, path, app.buyers, seconds, progress)
    const ratio = ratioOf(measurement, status)
    record.row({ name, measurement, ratio, targets: [versusStatus(ratio)] })
  }
}
