import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { fullSizes, quickSizes } from './bench-sizes.js'
import { parseBenchOptions } from './bench-options.js'
import { Progress } from './harness/progress.js'
import { MemoryWatch, runScenario } from './harness/run-scenarios.js'
import type { ScenarioResult } from './harness/scenario.js'
import { scenarioText } from './report/console-report.js'
import { megabytes } from './report/format.js'
import { describeMachine } from './report/machine.js'
import { writeReport } from './report/markdown-report.js'
import { scalingChart } from './report/scaling-chart.js'
import { allScenarios } from './scenarios/all-scenarios.js'

const options = parseBenchOptions(process.argv.slice(2))
if (typeof options === 'string') {
  console.error(options)
  process.exit(2)
}
const unknown = options.only.filter((id) => !allScenarios.some((scenario) => scenario.id === id))
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; known: ${allScenarios.map((s) => s.id).join(', ')}`)
  process.exit(2)
}

const scenarios = allScenarios.filter((scenario) => options.only.length === 0 || options.only.includes(scenario.id))
const progress = new Progress(scenarios.length)
const context = {
  quick: options.quick,
  sizes: options.quick ? quickSizes : fullSizes,
  progress,
  runId: `r${randomBytes(3).toString('hex')}`,
}
const machine = await describeMachine()
const memory = new MemoryWatch()
const started = new Date()
const results: ScenarioResult[] = []
for (const scenario of scenarios) {
  results.push(await runScenario(scenario, context))
  memory.sample()
}
const peak = memory.stop()
progress.finish()

for (const result of results) console.log(scenarioText(result))
console.log(`peak memory of the benchmark process: RSS ${megabytes(peak.rssBytes)}, heap ${megabytes(peak.heapBytes)}`)

const skipped = results.filter((result) => result.skipped !== undefined)
const broken = results.flatMap((result) =>
  result.checks.filter((check) => !check.held).map((check) => ({ result, check })),
)
for (const { result, check } of broken)
  console.error(`invariant violated in ${result.id}: ${check.name} (${check.detail})`)
if (options.quick) for (const result of skipped) console.error(`scenario did not run: ${result.id}: ${result.skipped}`)
const seconds = (Date.now() - started.getTime()) / 1000
console.log(`${results.length} scenarios in ${seconds.toFixed(0)} s`)

if (options.write) {
  machine.loadAfter = loadavg().slice(0, 2)
  const docs = new URL('../../../docs/', import.meta.url)
  const chartName = 'benchmarks-scaling.svg'
  const chart = scalingChart(results.flatMap((result) => result.scaling ?? []))
  if (chart !== undefined) await writeFile(new URL(chartName, docs), chart)
  const report = new URL('benchmarks.md', docs)
  await writeReport(fileURLToPath(report), {
    machine,
    command: `pnpm bench${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    startedAt: started,
    seconds,
    results,
    peak,
    chart: chart === undefined ? undefined : chartName,
  })
  console.log(`wrote ${fileURLToPath(report)}${chart === undefined ? '' : ` and ${chartName}`}`)
}
process.exitCode = broken.length > 0 || (options.quick && skipped.length > 0) ? 1 : 0
