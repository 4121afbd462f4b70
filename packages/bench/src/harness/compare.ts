import { mergeMeasurements, type Measurement } from './measurement.js'
import type { BenchContext, ScenarioRecorder, Target } from './scenario.js'
import { alternate } from './set-up.js'
import { ratioOf } from './targets.js'

export interface Comparison {
  readonly name: string
  readonly library: () => Promise<Measurement>
  /** The raw baseline and how its row is labelled; none for library-only workloads. */
  readonly raw?: { readonly label: string; readonly run: () => Promise<Measurement> } | undefined
  /** A second baseline, measured in the same alternation: the library's ratio to it goes to `targets` too. */
  readonly second?: { readonly label: string; readonly run: () => Promise<Measurement> } | undefined
  readonly targets?:
    | ((library: Measurement, ratio: number | undefined, secondRatio: number | undefined) => readonly Target[])
    | undefined
  readonly expectedErrors?: readonly string[]
}

/**
 * Measures the library side and, when there is one, the raw side in
 * alternating windows (`sizes.rounds` each), with a second baseline when
 * given, adds each side's windows up and records every row, the library's
 * with its ratio to raw.
 */
export async function compareSides(
  context: BenchContext,
  record: ScenarioRecorder,
  comparison: Comparison,
): Promise<{ readonly library: Measurement; readonly raw?: Measurement; readonly second?: Measurement }> {
  context.progress.step(comparison.name)
  const { raw } = comparison
  const { second } = comparison
  const rounds = raw === undefined ? 1 : context.sizes.rounds
  const sides = raw === undefined ? [comparison.library] : [comparison.library, raw.run]
  if (raw !== undefined && second !== undefined) sides.push(second.run)
  const [libraryRuns = [], rawRuns = [], secondRuns = []] = await alternate(rounds, sides)
  const library = mergeMeasurements(libraryRuns)
  const expected = comparison.expectedErrors === undefined ? {} : { expectedErrors: comparison.expectedErrors }
  if (raw === undefined) {
    record.row({
      name: comparison.name,
      measurement: library,
      targets: comparison.targets?.(library, undefined, undefined) ?? [],
      ...expected,
    })
    return { library }
  }
  const baseline = mergeMeasurements(rawRuns)
  const ratio = ratioOf(library, baseline)
  record.row({ name: `${comparison.name}: raw ${raw.label}`, measurement: baseline })
  const secondBaseline = second === undefined ? undefined : mergeMeasurements(secondRuns)
  if (second !== undefined && secondBaseline !== undefined)
    record.row({ name: `${comparison.name}: raw ${second.label}`, measurement: secondBaseline })
  const secondRatio = secondBaseline === undefined ? undefined : ratioOf(library, secondBaseline)
  record.row({
    name: comparison.name,
    measurement: library,
    ratio,
    targets: comparison.targets?.(library, ratio, secondRatio) ?? [],
    ...expected,
  })
  return secondBaseline === undefined ? { library, raw: baseline } : { library, raw: baseline, second: secondBaseline }
}
