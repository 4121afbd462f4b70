import { packageBuild } from '../../tsup.shared.js'
import { embedMigrations } from './embed-migrations.js'

// The SQL files are compiled into the build, so `migrate` needs no folder at
// run time (bundles, serverless); the folder still ships for DBAs and tools.
export default packageBuild({ esbuildPlugins: [embedMigrations(new URL('./migrations/', import.meta.url))] })
