import type { Scenario } from '../harness/scenario.js'
import { httpScenario } from '../http/http-scenario.js'
import { memoryBookingScenario, memoryQueueScenario } from './memory-scenarios.js'
import { memoryOrdersScenario, postgresOrdersScenario } from './orders-scenario.js'
import { postgresBookingScenario } from './postgres-booking-scenario.js'
import { postgresOutboxScenario } from './postgres-outbox-scenario.js'
import { postgresQueueScenario } from './postgres-queue-scenario.js'
import { postgresReadsScenario } from './postgres-reads-scenario.js'
import { redisQueueScenario } from './redis-scenarios.js'
import { scalingScenario } from './scaling-scenario.js'
import { telemetryScenario } from './telemetry-scenario.js'

/**
 * Every scenario, in the order a run goes through them: the store scenarios
 * first, then the memory ones, whose stores grow to gigabytes of heap, then
 * the scaling runs (the largest), then HTTP (its servers are other processes).
 */
export const allScenarios: readonly Scenario[] = [
  redisQueueScenario,
  postgresQueueScenario,
  postgresBookingScenario,
  postgresOutboxScenario,
  postgresOrdersScenario,
  postgresReadsScenario,
  memoryQueueScenario,
  memoryBookingScenario,
  memoryOrdersScenario,
  telemetryScenario,
  scalingScenario,
  httpScenario,
]
