import { describeBookingStoreContract } from '@boxoffice/adapter-test'
import { createPostgresBookingStore } from '../src/index.js'
import { postgresContractStores } from './support/contract-harness.js'

describeBookingStoreContract('postgres', postgresContractStores('bo_booking_contract', createPostgresBookingStore), {
  numRuns: 15,
  disconnects: true,
  connectionLoss: true,
})
