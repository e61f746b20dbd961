/** The weight of the renderer as shipped: every JS and CSS file of the build, raw and gzipped (zlib level 9). */
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface AssetSizes {
  js: { raw: number; gzip: number; files: string[] }
  css: { raw: number; gzip: number; files: string[] }
}

export function measureAssets(rendererDir: string): AssetSizes {
  const sizes: AssetSizes = { js: { raw: 0, gzip: 0, files: [] }, css: { raw: 0, gzip: 0, files: [] } }
  for (const file of walk(rendererDir)) {
    const kind = extname(file) === '.js' ? 'js' : extname(file) === '.css' ? 'css' : undefined
    if (kind === undefined) continue
    const bytes = readFileSync(file)
    sizes[kind].raw += bytes.length
    sizes[kind].gzip += gzipSync(bytes, { level: 9 }).length
    sizes[kind].files.push(relative(rendererDir, file))
  }
  return sizes
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else yield path
  }
}
