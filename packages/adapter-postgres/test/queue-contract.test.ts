import { describeQueueStoreContract } from '@boxoffice/adapter-test'
import { createPostgresQueueStore } from '../src/index.js'
import { postgresContractStores } from './support/contract-harness.js'

describeQueueStoreContract('postgres', postgresContractStores('bo_queue_contract', createPostgresQueueStore), {
  numRuns: 15,
  disconnects: true,
  connectionLoss: true,
})
