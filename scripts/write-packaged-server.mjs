// Writes the server the packaged app starts pointed at (src/main/server-choice/packaged-server.ts reads it), before
// electron-builder packs it into the app's resources (electron-builder.yml `extraResources`):
//
//   TONGHWA_PACKAGED_SERVER_URL=wss://signal.example.org/signal npm run dist
//
// Without the variable (or with it empty) the file says "no server" ({"server": null}), so a package built after
// one with a server never keeps the old one by accident. A value that is not a wss:// address stops the build
// with the reason: an organisation must not ship an app that cannot reach its server.
//
//   node scripts/write-packaged-server.mjs [--out FILE]     default out/packaged/server.json
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

export const PACKAGED_SERVER_ENV = 'TONGHWA_PACKAGED_SERVER_URL'
export const DEFAULT_OUT = 'out/packaged/server.json'

/** The file's text for a variable's value (undefined or empty: none); throws with the reason for a bad value. */
export function packagedServerFile(value) {
  if (value === undefined || value.trim() === '') return `${JSON.stringify({ version: 1, server: null })}\n`
  let url
  try {
    url = new URL(value.trim())
  } catch {
    throw new Error(`${PACKAGED_SERVER_ENV} is not a URL; give the server's wss:// address, e.g. wss://signal.example.org/signal`)
  }
  if (url.protocol !== 'wss:') throw new Error(`${PACKAGED_SERVER_ENV} must be a wss:// address (a packaged app talks to other machines over TLS), not ${url.protocol}//`)
  if (url.hostname === '') throw new Error(`${PACKAGED_SERVER_ENV} names no host`)
  if (url.username !== '' || url.password !== '') throw new Error(`${PACKAGED_SERVER_ENV} must not contain a user name or password`)
  if (url.hash !== '' || value.includes('#')) throw new Error(`${PACKAGED_SERVER_ENV} must not have a #fragment`)
  if (url.href.length > 512) throw new Error(`${PACKAGED_SERVER_ENV} is longer than 512 characters`)
  return `${JSON.stringify({ version: 1, server: url.href })}\n`
}

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: DEFAULT_OUT } } })
  const out = resolve(values.out)
  let text
  try {
    text = packagedServerFile(process.env[PACKAGED_SERVER_ENV])
  } catch (error) {
    console.error(`[packaged-server] ${error.message}`)
    process.exit(1)
  }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, text)
  const { server } = JSON.parse(text)
  console.log(`[packaged-server] ${out}: ${server === null ? 'no server (automatic)' : server}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main()
