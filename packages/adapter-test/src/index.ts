export { describeQueueStoreContract } from './queue-contract.js'
export { describeBookingStoreContract } from './booking-contract.js'
export type { ContractOptions, MakeStore, StoreHarness } from './harness.js'
export {
  describeSeed,
  faultSeed,
  FAULT_SEED_VARIABLE,
  killAtRandomMoments,
  seededRandom,
  shuffledBy,
  type KillSeries,
} from './faults/fault-schedule.js'
export { watchUncaught, type UncaughtWatch } from './faults/uncaught-errors.js'
