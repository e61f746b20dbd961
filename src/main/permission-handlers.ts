/** Installs the permission table on a session. Thin: every decision is in `permissions.ts`. */
import type { Session } from 'electron'
import { decidePermissionCheck, decidePermissionRequest } from './permissions'

export function installPermissionHandlers(
  session: Session,
  trustedOrigins: readonly string[],
  log: (message: string) => void = console.warn,
): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const decision = decidePermissionRequest(permission, details, trustedOrigins)
    log(`[permissions] ${decision.allow ? 'granted' : 'denied'} ${permission} request: ${decision.reason}`)
    callback(decision.allow)
  })
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    const decision = decidePermissionCheck(permission, requestingOrigin, details, trustedOrigins)
    // Checks are frequent and mostly routine; only refusals are worth a line.
    if (!decision.allow) log(`[permissions] denied ${permission} check from ${requestingOrigin}: ${decision.reason}`)
    return decision.allow
  })
}
