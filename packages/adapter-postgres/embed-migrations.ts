import type { Plugin } from 'esbuild'
import { readMigrationFolder } from './src/migration-folder.js'

/**
 * Build-time: replaces `src/package-migrations.ts` with a module that holds
 * every `migrations/NNNN_*.sql` file's version, name and SQL, so the built
 * package (and any bundle of it) migrates without reading its folder.
 */
export function embedMigrations(folder: URL): Plugin {
  return {
    name: 'boxoffice-embed-migrations',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]package-migrations\.ts$/ }, () => {
        const files = readMigrationFolder(folder)
        if ('missing' in files) throw new Error(`embed-migrations: ${files.missing}`)
        return { loader: 'ts', contents: `export const packageMigrations = ${JSON.stringify(files)}\n` }
      })
    },
  }
}
