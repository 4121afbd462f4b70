export { describeQueueStoreContract } from './queue-contract.js'
export { describeBookingStoreContract } from './booking-contract.js'
export type { ContractOptions, MakeStore, StoreHarness } from './harness.js'
