import { createApp as createExpressApp } from '@boxoffice/example-express'
import { createApp as createFastifyApp } from '@boxoffice/example-fastify'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWebApp, JS_BUDGET_BYTES } from '../scripts/web-build.ts'
import { launchChromium, overflowsSideways, screenshot, visit, type Visitor } from './support/browser.ts'
import { startWebServer, type CreateApp, type WebServer } from './support/web-server.ts'

/** How long a seat taken in one browser may take to show in another. */
const LIVE_WITHIN_MS = 1_000

let browser: Browser
beforeAll(async () => {
  // The servers serve what is built; building here makes `pnpm test` need no `pnpm build` first.
  await buildWebApp()
  browser = await launchChromium()
})
afterAll(() => browser?.close())

/** From the concerts page through the waiting room to the seat map of the first date. */
async function reachSeatMap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Join the waiting room' }).click()
  await page.locator('.ticket[data-status="ACTIVE"]').waitFor()
  await page.getByRole('button', { name: 'Choose a date' }).click()
  await page.locator('.card.date a').first().click()
  await page.locator('[data-seat="1"]').waitFor()
}

const seat = (page: Page, seatNo: number) => page.locator(`[data-seat="${seatNo}"]`)

describe.each<[string, CreateApp]>([
  ['Fastify', createFastifyApp],
  ['Express', createExpressApp],
])('the web app served by the %s server', (name, createApp) => {
  // Screenshots come from one server only: the pages are the same on both.
  const shots = name === 'Fastify'
  let server: WebServer
  const visitors: Visitor[] = []
  const open = async (userId: string, on: WebServer = server): Promise<Page> => {
    const visitor = await visit(browser, on.url, userId)
    visitors.push(visitor)
    return visitor.page
  }
  beforeAll(async () => {
    server = await startWebServer(createApp)
  })
  afterAll(async () => {
    await Promise.all(visitors.map((visitor) => visitor.context.close()))
    for (const visitor of visitors) expect(visitor.errors, 'errors raised in the page').toEqual([])
    await server?.stop()
  })

  it('sells a seat from the waiting room to the receipt, by keyboard on the seat map, at phone width', async () => {
    const page = await open('alice')
    await page.getByRole('heading', { name: 'Concerts' }).waitFor()
    await screenshot(page, 'concerts', shots)
    await page.getByRole('button', { name: 'Join the waiting room' }).click()
    await page.locator('.ticket[data-status="ACTIVE"]').waitFor()
    await expect(page.getByRole('heading', { name: 'It is your turn' }).isVisible()).resolves.toBe(true)
    await page.getByRole('button', { name: 'Choose a date' }).click()
    await page.locator('.card.date a').first().waitFor()
    await screenshot(page, 'dates', shots)
    await page.locator('.card.date a').first().click()

    // Keyboard only: one seat is in the tab order, the arrows move, Space selects.
    await seat(page, 1).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Space')
    await expect(seat(page, 12).getAttribute('aria-pressed')).resolves.toBe('true')
    await expect(page.getByRole('button', { name: 'Seat 12, row B, 80,000 points, available' }).count()).resolves.toBe(
      1,
    )
    await screenshot(page, 'seat-map', shots)
    await page.getByRole('button', { name: 'Hold seat 12' }).press('Enter')
    await page.locator('[data-hold]').waitFor()
    await expect(page.getByRole('timer').textContent()).resolves.toMatch(/Held for [45]:\d\d/)
    await expect(seat(page, 12).getAttribute('data-mine')).resolves.toBe('true')
    // Two answers of the seat poll later, the visitor's own seat is still not reported as taken from them.
    const polls = Number(await page.locator('[data-polls]').getAttribute('data-polls'))
    await page.locator(`[data-polls="${polls + 2}"]`).waitFor()
    await expect(page.locator('[data-taken]').count()).resolves.toBe(0)
    await screenshot(page, 'hold', shots)

    await page.getByRole('link', { name: 'Wallet' }).click()
    await page.getByLabel('Points to add').fill('100000')
    await page.getByRole('button', { name: 'Charge' }).click()
    await page.locator('[data-balance="100000"]').waitFor()
    await screenshot(page, 'wallet', shots)
    await page.getByRole('link', { name: 'Back to checkout' }).click()
    await page.getByRole('button', { name: 'Pay 80,000 points' }).click()

    await page.locator('.receipt').waitFor()
    await expect(page.locator('[data-seats]').getAttribute('data-seats')).resolves.toBe('12')
    await expect(page.locator('[data-amount]').getAttribute('data-amount')).resolves.toBe('80000')
    await screenshot(page, 'receipt', shots)
    expect(await overflowsSideways(page)).toBe(false)

    // What the page showed is what the stores hold.
    const [schedule] = server.seed.schedules
    const { seats } = (await server.box.catalog.listSeats({ scheduleId: schedule?.scheduleId ?? '' }))._unsafeUnwrap()
    expect(seats.find((s) => s.seatNo === 12)?.status).toBe('SOLD')
    expect((await server.box.wallet.balance({ userId: 'alice' }))._unsafeUnwrap()).toBe(20_000)
    const first = visitors.find((visitor) => visitor.page === page)
    expect(first?.scriptBytes()).toBeGreaterThan(0)
    expect(first?.scriptBytes()).toBeLessThanOrEqual(JS_BUDGET_BYTES)
  })

  it('says plainly how many points are missing, and pays once they are charged', async () => {
    const page = await open('bob')
    await reachSeatMap(page)
    await seat(page, 13).click()
    await page.getByRole('button', { name: 'Hold seat 13' }).click()
    await page.getByRole('link', { name: 'Pay now' }).click()
    await page.getByRole('button', { name: 'Pay 80,000 points' }).click()

    const alert = page.locator('[role="alert"][data-error="InsufficientBalance"]')
    await alert.waitFor()
    await expect(alert.textContent()).resolves.toMatch(
      /Not enough points\..*holds 0 points.*costs 80,000 points.*charge at least 80,000 points more/,
    )
    await screenshot(page, 'payment-error', shots)
    expect(await overflowsSideways(page)).toBe(false)

    await page.getByRole('button', { name: 'Charge 80,000 points' }).click()
    await page.locator('[data-balance="80000"]').waitFor()
    await page.getByRole('button', { name: 'Pay 80,000 points' }).click()
    await page.locator('.receipt').waitFor()
    expect((await server.box.wallet.balance({ userId: 'bob' }))._unsafeUnwrap()).toBe(0)
  })

  it('lets one of two browsers racing for a seat win; the others see it taken within a second, unreloaded', async () => {
    const [carol, dave, erin] = await Promise.all([open('carol'), open('dave'), open('erin')])
    if (carol === undefined || dave === undefined || erin === undefined) throw new Error('three visitors')
    await Promise.all([reachSeatMap(carol), reachSeatMap(dave), reachSeatMap(erin)])
    await Promise.all([seat(carol, 20).click(), seat(dave, 20).click()])
    // A mark in each page's memory: a reload would wipe it.
    await Promise.all(
      [carol, dave, erin].map((page) => page.evaluate(() => document.body.setAttribute('data-mark', 'kept'))),
    )

    // Both press Hold at once. The press goes straight to the button: a click that waits for the button to
    // be enabled and still would fail the test whenever the other racer's win reached this map first.
    const holdButtons = [carol, dave].map((page) => page.locator('.selection button.primary'))
    for (const button of holdButtons) await expect(button.textContent()).resolves.toBe('Hold seat 20')
    await Promise.all(holdButtons.map((button) => button.evaluate((element: HTMLButtonElement) => element.click())))
    // Each racer ends holding the seat, or told it is gone: refused by the server (409), or shown taken by
    // the map before the click reached it (the Hold button then no longer offers it).
    const outcome = '[data-hold], [role="alert"][data-error="SeatUnavailable"], [role="status"][data-taken="20"]'
    await Promise.all([carol, dave].map((page) => page.locator(outcome).first().waitFor()))
    const decidedAt = Date.now()
    const rest = (): number => Math.max(1, LIVE_WITHIN_MS - (Date.now() - decidedAt))
    const holders = []
    for (const page of [carol, dave]) if ((await page.locator('[data-hold]').count()) === 1) holders.push(page)
    expect(holders).toHaveLength(1)
    const winnerPage = holders[0] ?? carol
    const loser = winnerPage === carol ? dave : carol
    await expect(loser.locator('[data-hold]').count()).resolves.toBe(0)
    await expect(seat(winnerPage, 20).getAttribute('data-mine')).resolves.toBe('true')

    // Erin only watched: within a second of the race's end her map shows the seat held, with no reload.
    await erin.locator('[data-seat="20"][data-status="HELD"]').waitFor({ timeout: rest() })
    await loser.locator('[data-seat="20"][data-status="HELD"]').waitFor({ timeout: rest() })
    await expect(seat(loser, 20).getAttribute('aria-pressed')).resolves.toBe(null)
    await screenshot(loser, 'seat-taken', shots)

    // Given back, it is free again on every other map within a second.
    await winnerPage.getByRole('button', { name: 'Release' }).click()
    // The second counts from when the release took effect (its reply removed the hold panel), as the
    // hold's counted from the race's outcome: not from when the click was sent.
    await winnerPage.locator('[data-hold]').waitFor({ state: 'detached' })
    const releasedAt = Date.now()
    const left = (): number => Math.max(1, LIVE_WITHIN_MS - (Date.now() - releasedAt))
    await erin.locator('[data-seat="20"][data-status="AVAILABLE"]').waitFor({ timeout: left() })
    await loser.locator('[data-seat="20"][data-status="AVAILABLE"]').waitFor({ timeout: left() })

    // No page was reloaded.
    for (const page of [carol, dave, erin]) {
      await expect(page.locator('body').getAttribute('data-mark')).resolves.toBe('kept')
    }
  })

  it('moves a waiting visitor from a rank to ACTIVE when the scheduler admits them', async () => {
    const line = await startWebServer(createApp, { maxActive: 1 })
    try {
      const first = await open('frank', line)
      await first.getByRole('button', { name: 'Join the waiting room' }).click()
      await first.locator('.ticket[data-status="ACTIVE"]').waitFor()

      const second = await open('grace', line)
      await second.getByRole('button', { name: 'Join the waiting room' }).click()
      const waiting = second.locator('.ticket[data-status="WAITING"][data-rank="1"]')
      await waiting.waitFor()
      await expect(waiting.textContent()).resolves.toMatch(/You are number 1 in line.*Estimated wait/)
      await screenshot(second, 'waiting-room', shots)

      // The one admitted visitor leaves; the next tick lets the waiting one in, and her page says so.
      await first.getByRole('button', { name: 'Leave the line' }).click()
      await first.getByRole('heading', { name: 'Concerts' }).waitFor()
      await second.locator('.ticket[data-status="ACTIVE"]').waitFor()
      await expect(
        second.getByRole('button', { name: 'Choose a date' }).evaluate((b) => b === document.activeElement),
      ).resolves.toBe(true)
      await screenshot(second, 'waiting-room-active', shots)
    } finally {
      await line.stop()
    }
  })
})
