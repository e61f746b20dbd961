/**
 * The Electron side of screen sharing: lists screens and windows with `desktopCapturer`, and answers the
 * session's `getDisplayMedia` requests with the source the window's page picked. Thin: every decision is in
 * `screen-share.ts`.
 */
import { BrowserWindow, desktopCapturer, webContents, type Session } from 'electron'
import { truncate } from './app-origin'
import { createOnceLog } from './permission-handlers'
import { describeDisplayMediaRequest, ScreenShareService, type CapturedSourceLike } from './screen-share'

/** Big enough to recognise a window in the picker, small enough to send a dozen over IPC. */
const THUMBNAIL_SIZE = { width: 320, height: 180 }

export function createScreenShareService(): ScreenShareService {
  return new ScreenShareService({ listSources: listDesktopSources })
}

async function listDesktopSources(): Promise<CapturedSourceLike[]> {
  const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: false })
  return sources.map((source) => ({
    id: source.id,
    name: source.name,
    thumbnail: source.thumbnail.isEmpty() ? '' : source.thumbnail.toDataURL(),
  }))
}

export function installDisplayMediaHandler(
  session: Session,
  screen: ScreenShareService,
  trustedOrigins: readonly string[],
  log: (message: string) => void = console.warn,
): void {
  const logOnce = createOnceLog(log)
  session.setDisplayMediaRequestHandler((request, callback) => {
    const contents = request.frame ? webContents.fromFrame(request.frame) : undefined
    const window = contents ? BrowserWindow.fromWebContents(contents) : null
    const decision = screen.decide(describeDisplayMediaRequest(request, window), trustedOrigins)
    logOnce(`[screen] ${decision.allow ? 'granted' : 'denied'} screen sharing for ${truncate(request.securityOrigin, 80)}: ${decision.reason}`)
    // null refuses: the page's getDisplayMedia rejects with NotAllowedError.
    callback(decision.allow ? { video: decision.source } : null)
  })
}
