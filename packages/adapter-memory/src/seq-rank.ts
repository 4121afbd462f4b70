/**
 * Counts which sequence numbers are present and answers "how many present
 * numbers are <= seq" in O(log n): a Fenwick (binary indexed) tree over a
 * sliding range of sequence numbers. Rank queries over a million waiting
 * tokens walk ~20 cells, never the line.
 *
 * The range starts at `base`; when the tree must grow, it first slides `base`
 * up to the lowest present number (tokens leave mostly from the front), so
 * memory tracks the live span of the line rather than every token ever issued.
 */
export class SeqRank {
  #base = 0
  #present: Uint8Array = new Uint8Array(1024)
  #tree: Int32Array = new Int32Array(1024 + 1)
  #count = 0

  get size(): number {
    return this.#count
  }

  /** Cells allocated: follows the live span of the line, not the count of tokens ever issued. */
  get capacity(): number {
    return this.#present.length
  }

  /** Marks `seq` present. Sequence numbers only ever grow, so `seq` is at or past every earlier one. */
  insert(seq: number, lowestPresent: () => number): void {
    if (seq - this.#base >= this.#present.length) this.#grow(seq, lowestPresent())
    const i = seq - this.#base
    if (this.#present[i] === 1) return
    this.#present[i] = 1
    this.#count++
    this.#update(i + 1, 1)
  }

  remove(seq: number): void {
    const i = seq - this.#base
    if (i < 0 || i >= this.#present.length || this.#present[i] !== 1) return
    this.#present[i] = 0
    this.#count--
    this.#update(i + 1, -1)
  }

  /** How many present numbers are <= seq. */
  countUpTo(seq: number): number {
    let i = Math.min(seq - this.#base + 1, this.#present.length)
    let sum = 0
    while (i > 0) {
      sum += this.#tree[i] ?? 0
      i -= i & -i
    }
    return sum
  }

  #update(position: number, delta: number): void {
    const tree = this.#tree
    for (let i = position; i < tree.length; i += i & -i) tree[i] = (tree[i] ?? 0) + delta
  }

  #grow(seq: number, lowest: number): void {
    const newBase = this.#count === 0 ? seq : Math.min(lowest, seq)
    const span = seq - newBase + 1
    let capacity = this.#present.length
    while (capacity < span * 2) capacity *= 2
    const present = new Uint8Array(capacity)
    const shift = newBase - this.#base
    if (shift >= 0) present.set(this.#present.subarray(Math.min(shift, this.#present.length)), 0)
    this.#base = newBase
    this.#present = present
    // Linear-time Fenwick construction: each cell pushes its sum to its parent once.
    const tree = new Int32Array(capacity + 1)
    for (let i = 1; i <= capacity; i++) {
      tree[i] = (tree[i] ?? 0) + (present[i - 1] ?? 0)
      const parent = i + (i & -i)
      if (parent <= capacity) tree[parent] = (tree[parent] ?? 0) + (tree[i] ?? 0)
    }
    this.#tree = tree
  }
}
