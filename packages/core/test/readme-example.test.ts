import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it, vi } from 'vitest'

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8')
const script = fileURLToPath(new URL('./.readme-example.ts', import.meta.url))

afterAll(() => rmSync(script, { force: true }))

it('the usage example at the top of the README runs and sells the seat', async () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(example).toBeDefined()
  expect(example!.trim().split('\n').length).toBeLessThanOrEqual(12)
  writeFileSync(script, `${example}\nexport {}\n`)
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  await import(script)
  expect(log).toHaveBeenCalledWith('seat 7 sold for 80')
})
