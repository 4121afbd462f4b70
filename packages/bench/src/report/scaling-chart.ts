import { throughput } from '../harness/measurement.js'
import type { ScalingSeries } from '../harness/scenario.js'

/*
 * The scaling runs as an SVG line chart, written by hand (no browser, no
 * plotting library): one panel per store, the waiting line's size on a log
 * axis, the cost of one call (1 / throughput, in microseconds) on a linear axis
 * from zero, so a flat line reads as flat.
 */

const PANEL = { width: 500, height: 300, left: 64, right: 70, top: 40, bottom: 48 }
const COLORS: Readonly<Record<string, string>> = { enter: '#1f77b4', status: '#2ca02c', hold: '#d62728' }

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const round = (n: number): string => (Math.round(n * 10) / 10).toString()
const sizeLabel = (size: number): string =>
  size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1_000 ? `${size / 1_000}k` : `${size}`

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power
}

const costMicros = (series: ScalingSeries): number[] =>
  series.points.map((point) => {
    const perSecond = throughput(point.measurement)
    return perSecond > 0 ? 1e6 / perSecond : 0
  })

function panel(store: string, series: readonly ScalingSeries[], offsetX: number): string {
  const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p.size)))].sort((a, b) => a - b)
  const minLog = Math.log10(sizes[0] ?? 1)
  const maxLog = Math.log10(sizes.at(-1) ?? 10)
  const plotWidth = PANEL.width - PANEL.left - PANEL.right
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom
  const yMax = niceCeiling(Math.max(...series.flatMap(costMicros), 0) * 1.1)
  const x = (size: number): number =>
    offsetX +
    PANEL.left +
    (maxLog === minLog ? plotWidth / 2 : ((Math.log10(size) - minLog) / (maxLog - minLog)) * plotWidth)
  const y = (micros: number): number => PANEL.top + plotHeight - (micros / yMax) * plotHeight
  const parts: string[] = [
    `<text x="${offsetX + PANEL.width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(store)}</text>`,
    `<rect x="${offsetX + PANEL.left}" y="${PANEL.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ]
  for (let tick = 0; tick <= 4; tick++) {
    const value = (yMax * tick) / 4
    parts.push(
      `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.left + plotWidth}" y1="${round(y(value))}" y2="${round(y(value))}" stroke="#eee"/>`,
      `<text x="${offsetX + PANEL.left - 6}" y="${round(y(value) + 4)}" text-anchor="end" font-size="11">${round(value)}</text>`,
    )
  }
  for (const size of sizes) {
    parts.push(
      `<text x="${round(x(size))}" y="${PANEL.top + plotHeight + 16}" text-anchor="middle" font-size="11">${sizeLabel(size)}</text>`,
    )
  }
  parts.push(
    `<text x="${offsetX + PANEL.left + plotWidth / 2}" y="${PANEL.height - 10}" text-anchor="middle" font-size="12">waiting tokens in line (log scale)</text>`,
    `<text transform="translate(${offsetX + 16},${PANEL.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="12">µs per call (1 / throughput)</text>`,
  )
  series.forEach((s, index) => {
    const color = COLORS[s.operation] ?? '#555'
    const costs = costMicros(s)
    const points = s.points.map((p, i) => `${round(x(p.size))},${round(y(costs[i] ?? 0))}`)
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`)
    for (const point of points) {
      const [cx, cy] = point.split(',')
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`)
    }
    // The legend sits right of the plot, where no line can run through it.
    const legendX = offsetX + PANEL.left + plotWidth + 8
    const legendY = PANEL.top + 14 + index * 16
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 16}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${legendX + 20}" y="${legendY}" font-size="11">${escape(s.operation)}</text>`,
    )
  })
  return parts.join('\n  ')
}

/** The chart, or undefined when there is nothing to draw. */
export function scalingChart(series: readonly ScalingSeries[]): string | undefined {
  const stores = [...new Set(series.map((s) => s.store))]
  if (stores.length === 0) return undefined
  const width = PANEL.width * stores.length
  const panels = stores.map((store, index) =>
    panel(
      store,
      series.filter((s) => s.store === store),
      index * PANEL.width,
    ),
  )
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL.height}" viewBox="0 0 ${width} ${PANEL.height}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="white"/>
  ${panels.join('\n  ')}
</svg>
`
}
