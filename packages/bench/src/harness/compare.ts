import { mergeMeasurements, type Measurement } from './measurement.js'
import type { BenchContext, ScenarioRecorder, Target } from './scenario.js'
import { alternate } from './set-up.js'
import { ratioOf } from './targets.js'

export interface Comparison {
  readonly name: string
  readonly library: () => Promise<Measurement>
  /** The raw baseline and how its row is labelled; none for library-only workloads. */
  readonly raw?: { readonly label: string; readonly run: () => Promise<Measurement> } | undefined
  readonly targets?: ((library: Measurement, ratio: number | undefined) => readonly Target[]) | undefined
  readonly expectedErrors?: readonly string[]
}

/**
 * Measures the library side and, when there is one, the raw side in
 * alternating windows (`sizes.rounds` each), adds each side's windows up and
 * records both rows, the library's with its ratio to raw.
 */
export async function compareSides(
  context: BenchContext,
  record: ScenarioRecorder,
  comparison: Comparison,
): Promise<{ readonly library: Measurement; readonly raw?: Measurement }> {
  context.progress.step(comparison.name)
  const { raw } = comparison
  const rounds = raw === undefined ? 1 : context.sizes.rounds
  const sides = raw === undefined ? [comparison.library] : [comparison.library, raw.run]
  const [libraryRuns = [], rawRuns = []] = await alternate(rounds, sides)
  const library = mergeMeasurements(libraryRuns)
  const expected = comparison.expectedErrors === undefined ? {} : { expectedErrors: comparison.expectedErrors }
  if (raw === undefined) {
    record.row({
      name: comparison.name,
      measurement: library,
      targets: comparison.targets?.(library, undefined) ?? [],
      ...expected,
    })
    return { library }
  }
  const baseline = mergeMeasurements(rawRuns)
  const ratio = ratioOf(library, baseline)
  record.row({ name: `${comparison.name}: raw ${raw.label}`, measurement: baseline })
  record.row({
    name: comparison.name,
    measurement: library,
    ratio,
    targets: comparison.targets?.(library, ratio) ?? [],
    ...expected,
  })
  return { library, raw: baseline }
}
