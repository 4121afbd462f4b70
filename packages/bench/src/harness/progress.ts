/**
 * The line that says what the benchmark is doing. On a terminal it rewrites
 * itself in place (with a live call count); in a log it prints one line per step.
 */
export class Progress {
  readonly #stream: NodeJS.WriteStream
  readonly #total: number
  readonly #began = performance.now()
  #scenario = 0
  #title = ''
  #step = ''
  #counter: (() => number) | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = total
    this.#stream = stream
    if (stream.isTTY) {
      this.#timer = setInterval(() => this.#draw(), 250)
      this.#timer.unref()
    }
  }

  /** A new scenario starts. */
  scenario(title: string): void {
    this.#scenario++
    this.#title = title
    this.#step = ''
    this.#emit()
  }

  /** A step inside the current scenario. */
  step(text: string): void {
    this.#step = text
    this.#emit()
  }

  /** Shows a live count (calls completed) while a load runs; undefined stops it. */
  track(counter: (() => number) | undefined): void {
    this.#counter = counter
  }

  /** Leaves the line clean for the report. */
  finish(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    if (this.#stream.isTTY) this.#stream.write('\r\x1b[2K')
  }

  #line(): string {
    const elapsed = ((performance.now() - this.#began) / 1000).toFixed(0)
    const count = this.#counter === undefined ? '' : ` ${this.#counter().toLocaleString('en-US')} calls`
    const step = this.#step === '' ? '' : ` > ${this.#step}`
    return `[${this.#scenario}/${this.#total} ${elapsed}s] ${this.#title}${step}${count}`
  }

  #emit(): void {
    if (this.#stream.isTTY) this.#draw()
    else this.#stream.write(`${this.#line()}\n`)
  }

  #draw(): void {
    const columns = this.#stream.columns > 10 ? this.#stream.columns - 1 : 119
    this.#stream.write(`\r\x1b[2K${this.#line().slice(0, columns)}`)
  }
}
