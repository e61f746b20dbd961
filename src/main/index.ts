/**
 * Lifecycle only: what happens before ready, on ready, and on quit. Everything it calls lives in its own file.
 */
import { app, BrowserWindow, dialog, session } from 'electron'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveRendererSource } from './app-origin'
import { resolveAppPaths } from './app-paths'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { startAppServices, type RunningServices } from './app-services'
import { openCallWindow } from './call-window'
import { installDeepLinks } from './deep-link-wiring'
import { mainText } from './i18n/main-messages'
import { resolveLocale } from '../shared/language'
import { openExternalSafely } from './external-links'
import { denyDeviceAccess, installPermissionHandlers } from './permission-handlers'
import { describeStartFailure } from './start-failure'
import { guardWebContents } from './web-contents-guard'

app.enableSandbox()
registerAppScheme() // must precede `ready`

const paths = resolveAppPaths(dirname(fileURLToPath(import.meta.url)))
// `electron-vite dev` names its dev server in the environment; a packaged build ignores it.
const { entryUrl, trustedOrigins } = resolveRendererSource({ isPackaged: app.isPackaged, env: process.env })
// Every web contents, from its first moment: no pop-ups, no navigation off the app, no <webview>.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { trustedOrigins, openExternal: openExternalSafely }))
let running: RunningServices | null = null

// Before `ready`: macOS sends the link that launched the app as `open-url` right away.
const links = installDeepLinks({ app, argv: process.argv, defaultApp: process.defaultApp === true, execPath: process.execPath, onSecondInstance: showWindow })
// Another instance runs: it has been handed our argv (and with it any link), so this one just leaves.
if (!links.primary) app.quit()

function openWindow(): void {
  if (running) openCallWindow({ preloadPath: paths.preload, entryUrl, trustedOrigins, services: running.services })
}

function showWindow(): void {
  const window = BrowserWindow.getAllWindows()[0]
  if (!window) return openWindow()
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

async function onReady(): Promise<void> {
  installPermissionHandlers(session.defaultSession, trustedOrigins)
  denyDeviceAccess(session.defaultSession)
  handleAppProtocol(paths.rendererDir)
  running = await startAppServices({ rendererDir: paths.rendererDir, openWindow, showWindow, trustedOrigins })
  openWindow()
  // A link waits in the phone's inbox until the window's page asks for it.
  links.deliverTo((url) => {
    running?.services.phone.openUrl(url)
    showWindow()
  })
}

if (links.primary) {
  app.whenReady().then(onReady).catch((error: unknown) => {
    // The one place a start-up failure (such as a bad --server-url) reaches the person; then exit non-zero.
    // The settings may be what failed, so the box follows the system's language rather than the saved choice.
    const text = mainText(resolveLocale('system', app.getPreferredSystemLanguages()))
    dialog.showErrorBox(text.dialogs.startFailed, describeStartFailure(error, text))
    app.exit(1)
  })
}

app.on('activate', () => {
  if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow()
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Windows (and with them their signaling clients) are closed by now; hang up, finish writing and stop the
// server before exiting.
app.on('will-quit', (event) => {
  const closing = running
  if (!closing) return
  running = null
  event.preventDefault()
  void closing.close().finally(() => app.quit())
})
