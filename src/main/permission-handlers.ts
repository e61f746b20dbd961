/**
 * Installs the permission table on a session, and logs each decision once. Thin: every decision is in
 * `permissions.ts`. Type-only Electron import: tested in Node with a fake session.
 */
import type { Session } from 'electron'
import { originOf, truncate } from './app-origin'
import { decidePermissionCheck, decidePermissionRequest } from './permissions'

/** How many distinct decisions are remembered as already logged; past that, the oldest is forgotten. */
export const LOGGED_DECISIONS_LIMIT = 256

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>

export function installPermissionHandlers(
  session: PermissionSession,
  trustedOrigins: readonly string[],
  log: (message: string) => void = console.warn,
): void {
  const logOnce = createOnceLog(log)
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const decision = decidePermissionRequest(permission, details, trustedOrigins)
    const origin = shownOrigin(('securityOrigin' in details ? details.securityOrigin : undefined) || details.requestingUrl)
    logOnce(`[permissions] ${decision.allow ? 'granted' : 'denied'} ${permission} request from ${origin}: ${decision.reason}`)
    callback(decision.allow)
  })
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    const decision = decidePermissionCheck(permission, requestingOrigin, details, trustedOrigins)
    // Chromium checks often (every enumerateDevices, every clipboard write) and grants are routine there.
    if (!decision.allow) logOnce(`[permissions] denied ${permission} check from ${shownOrigin(details.securityOrigin || requestingOrigin)}: ${decision.reason}`)
    return decision.allow
  })
}

export type DeviceSession = Pick<Session, 'setDevicePermissionHandler' | 'on'>

/**
 * WebHID, Web Serial and WebUSB: the permission checks above already refuse `hid`, `serial` and `usb`; this
 * also refuses every stored device grant and cancels any device chooser, so no path through Chromium ends
 * with a page holding a device.
 */
export function denyDeviceAccess(session: DeviceSession, log: (message: string) => void = console.warn): void {
  const logOnce = createOnceLog(log)
  session.setDevicePermissionHandler((details) => {
    logOnce(`[permissions] denied ${details.deviceType} device access for ${shownOrigin(details.origin)}: no direct device access`)
    return false
  })
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  session.on('select-serial-port', (event, _ports, _webContents, callback) => {
    event.preventDefault()
    callback('')
  })
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
}

/**
 * A log that writes each distinct line once: a page retrying a refused permission, or Chromium re-checking it
 * on every call, adds nothing after the first line. The line names the permission, the origin and the reason,
 * so a different origin or a different reason is logged again.
 */
export function createOnceLog(log: (message: string) => void, limit = LOGGED_DECISIONS_LIMIT): (message: string) => void {
  const logged = new Set<string>()
  return (message) => {
    if (logged.has(message)) return
    if (logged.size >= limit) logged.delete(logged.values().next().value as string)
    logged.add(message)
    log(message)
  }
}

function shownOrigin(url: string | undefined): string {
  if (!url) return 'an unknown origin'
  return originOf(url) ?? truncate(url, 80)
}
