/**
 * Serves the built renderer at `app://tonghwa/…`. Thin: the decisions are in `app-protocol-path.ts`.
 *
 * A custom standard scheme instead of `file://` gives the page a real origin (so the permission table and
 * the IPC sender check can name it), relative URLs that resolve, and no access to the rest of the disk.
 */
import { net, protocol } from 'electron'
import { stat } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { APP_SCHEME, truncate } from './app-origin'
import { APP_SCHEME_PRIVILEGES, resolveAppRequest } from './app-protocol-path'

/** Must run before `app` is ready, and only once per process. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: APP_SCHEME_PRIVILEGES,
    },
  ])
}

export function handleAppProtocol(rendererDir: string, log: (message: string) => void = console.warn): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolution = resolveAppRequest(request.url, rendererDir, request.method)
    if (!resolution.ok) {
      log(`[app-protocol] refused ${truncate(request.url)}: ${resolution.reason}`)
      return new Response(resolution.reason, { status: resolution.status, headers: { 'Content-Type': 'text/plain' } })
    }
    // Only regular files: a directory would otherwise come back as Chromium's file-listing page.
    const stats = await stat(resolution.filePath).catch(() => null)
    if (!stats?.isFile()) return notFound()
    let file: Response
    try {
      // `bypassCustomProtocolHandlers` keeps this from ever looping back into a handler of our own.
      file = await net.fetch(pathToFileURL(resolution.filePath).toString(), { bypassCustomProtocolHandlers: true })
    } catch {
      return notFound()
    }
    if (!file.ok) return notFound()
    return new Response(request.method === 'HEAD' ? null : file.body, { status: 200, headers: resolution.headers })
  })
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
}
