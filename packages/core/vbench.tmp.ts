import { parseInput } from './src/validation.js'
import { holdInput } from './src/hold/schema.js'
import { enterInput } from './src/queue/schema.js'
import { chargeInput } from './src/wallet/schema.js'

const cases = {
  enter: [enterInput, { userId: 'user-1', concertId: 'concert-1' }],
  hold: [holdInput, { userId: 'user-1', token: 'concert-1~abcdef0123', scheduleId: 'schedule-1', seatNo: 7 }],
  charge: [chargeInput, { userId: 'user-1', amount: 100, idempotencyKey: 'k-1' }],
  holdBad: [holdInput, { userId: 'user 1', token: 'x', scheduleId: 'schedule-1', seatNo: 0 }],
} as const
for (const [name, [schema, input]] of Object.entries(cases)) {
  const run = (n: number) => {
    let ok = 0
    for (let i = 0; i < n; i++) if (parseInput(schema as never, input).isOk()) ok++
    return ok
  }
  run(200_000)
  const rounds: number[] = []
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint()
    run(200_000)
    rounds.push(Number(process.hrtime.bigint() - t) / 200_000)
  }
  rounds.sort((a, b) => a - b)
  console.log(
    `${name.padEnd(8)} median ${(rounds[3]! / 1000).toFixed(2)} µs per parseInput (min ${(rounds[0]! / 1000).toFixed(2)})`,
  )
}
