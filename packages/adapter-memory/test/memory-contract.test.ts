import { createMemoryBookingStore, createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { describeBookingStoreContract, describeQueueStoreContract } from '@boxoffice/adapter-test'

describeQueueStoreContract('memory', async () => ({ store: createMemoryQueueStore() }))
describeBookingStoreContract('memory', async () => ({ store: createMemoryBookingStore() }))
