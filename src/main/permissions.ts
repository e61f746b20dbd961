/**
 * Which web permissions the app's pages get: deny by default, one line per permission with the reason.
 *
 * The table is typed against every permission name Electron knows, so a new one in an Electron upgrade is a
 * compile error here until someone decides about it. Only `media` (camera and microphone, for exactly the
 * kinds of device asked for), screen capture and writing text to the clipboard are ever granted, and only to
 * the app's own origin, in the main frame. What screen capture gets is decided apart, by the display-media
 * handler (`screen-share.ts`): only the source the person picked in the app.
 * Type-only Electron import: tested in Node.
 */
import type { MediaAccessPermissionRequest, PermissionCheckHandlerHandlerDetails, PermissionRequest, Session } from 'electron'
import { isTrustedUrl, originOf } from './app-origin'

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>
/** Every permission name Electron can hand the request handler. */
export type PermissionName = Parameters<RequestHandler>[1]

/** `media-from-app`: the app's own main frame, camera and microphone only; `app-only`: the app's own main frame. */
export type PermissionRule = 'media-from-app' | 'app-only' | 'deny'

export const PERMISSION_TABLE: Readonly<Record<PermissionName, { rule: PermissionRule; reason: string }>> = {
  media: { rule: 'media-from-app', reason: 'camera and microphone are what a call is made of' },
  'display-capture': { rule: 'app-only', reason: 'sharing the screen or window the person picked in the app' },
  notifications: { rule: 'deny', reason: 'the app shows no web notifications' },
  geolocation: { rule: 'deny', reason: 'a call never needs a location' },
  'geolocation-approximate': { rule: 'deny', reason: 'a call never needs a location' },
  'clipboard-read': { rule: 'deny', reason: 'reading the clipboard is not needed; copying a room code is a write' },
  // Electron routes `navigator.clipboard.writeText` through this permission: the "Copy code" button needs it.
  'clipboard-sanitized-write': { rule: 'app-only', reason: 'copying a room code writes plain text to the clipboard' },
  'deprecated-sync-clipboard-read': { rule: 'deny', reason: 'legacy clipboard reads are never needed' },
  fullscreen: { rule: 'deny', reason: 'full screen is a window action (View menu), not a page request' },
  'automatic-fullscreen': { rule: 'deny', reason: 'pages may not enter full screen on their own' },
  pointerLock: { rule: 'deny', reason: 'no pointer capture in a call UI' },
  keyboardLock: { rule: 'deny', reason: 'pages may not capture system keys' },
  openExternal: { rule: 'deny', reason: 'pages may not launch other applications' },
  fileSystem: { rule: 'deny', reason: 'no file access from the page' },
  'local-fonts': { rule: 'deny', reason: 'fonts are bundled' },
  'persistent-storage': { rule: 'deny', reason: 'nothing is stored that needs eviction protection' },
  'storage-access': { rule: 'deny', reason: 'no third-party storage exists in the app' },
  'top-level-storage-access': { rule: 'deny', reason: 'no third-party storage exists in the app' },
  'idle-detection': { rule: 'deny', reason: 'presence is not tracked' },
  'screen-wake-lock': { rule: 'deny', reason: 'not used; a call keeps the screen awake through media playback' },
  'system-wake-lock': { rule: 'deny', reason: 'not used' },
  'speaker-selection': { rule: 'deny', reason: 'output device choice arrives with the Devices menu, not this permission' },
  'window-management': { rule: 'deny', reason: 'pages may not place windows across screens' },
  'captured-surface-control': { rule: 'deny', reason: 'a shared screen is shown, never scrolled or zoomed from the call' },
  'background-fetch': { rule: 'deny', reason: 'no service worker work in the background' },
  'background-sync': { rule: 'deny', reason: 'no service worker work in the background' },
  'periodic-background-sync': { rule: 'deny', reason: 'no service worker work in the background' },
  'payment-handler': { rule: 'deny', reason: 'no payments' },
  'web-app-installation': { rule: 'deny', reason: 'the app is already installed' },
  'web-printing': { rule: 'deny', reason: 'no printing' },
  mediaKeySystem: { rule: 'deny', reason: 'no DRM-protected media' },
  midi: { rule: 'deny', reason: 'no MIDI devices' },
  midiSysex: { rule: 'deny', reason: 'no MIDI devices' },
  hid: { rule: 'deny', reason: 'no direct device access' },
  serial: { rule: 'deny', reason: 'no direct device access' },
  usb: { rule: 'deny', reason: 'no direct device access' },
  nfc: { rule: 'deny', reason: 'no direct device access' },
  'smart-card': { rule: 'deny', reason: 'no direct device access' },
  sensors: { rule: 'deny', reason: 'no motion or light sensors needed' },
  'hand-tracking': { rule: 'deny', reason: 'no virtual or augmented reality in a call' },
  ar: { rule: 'deny', reason: 'no virtual or augmented reality in a call' },
  vr: { rule: 'deny', reason: 'no virtual or augmented reality in a call' },
  'local-network': { rule: 'deny', reason: 'the page talks to nothing; the main process holds the signaling link' },
  'local-network-access': { rule: 'deny', reason: 'the page talks to nothing; the main process holds the signaling link' },
  'loopback-network': { rule: 'deny', reason: 'the page talks to nothing; the main process holds the signaling link' },
  unknown: { rule: 'deny', reason: 'Chromium could not name the permission' },
}

export interface PermissionDecision {
  allow: boolean
  reason: string
}

/** What the request handler's `details` carry; Electron's request types all fit. */
export type PermissionRequestDetails = PermissionRequest & Partial<Pick<MediaAccessPermissionRequest, 'mediaTypes' | 'securityOrigin'>>

export function decidePermissionRequest(
  permission: string,
  details: PermissionRequestDetails,
  trustedOrigins: readonly string[],
): PermissionDecision {
  const origin = details.securityOrigin || details.requestingUrl
  const entry = grantableEntry(permission, origin, trustedOrigins)
  if ('allow' in entry) return entry
  if (!isTrustedUrl(details.requestingUrl, trustedOrigins)) return deny('the requesting document is not one of the app\'s pages')
  if (!details.isMainFrame) return deny(mainFrameOnly(permission))
  if (entry.rule === 'app-only') return { allow: true, reason: `${entry.reason} (${originOf(origin)})` }
  const types = details.mediaTypes ?? []
  if (types.length === 0) return deny('the request names no media type')
  if (!types.every((type) => type === 'audio' || type === 'video')) return deny('only camera and microphone are granted')
  return { allow: true, reason: `${entry.reason} (${[...new Set(types)].sort().join(' and ')} for ${originOf(origin)})` }
}

/**
 * The synchronous check Chromium makes before (and instead of) some requests, e.g. `enumerateDevices`
 * labels. Same rule; `mediaType` is one kind per check, and `unknown` gets nothing.
 */
export function decidePermissionCheck(
  permission: string,
  requestingOrigin: string,
  details: Pick<PermissionCheckHandlerHandlerDetails, 'securityOrigin' | 'mediaType' | 'requestingUrl' | 'embeddingOrigin'>,
  trustedOrigins: readonly string[],
): PermissionDecision {
  const origin = details.securityOrigin || requestingOrigin
  const entry = grantableEntry(permission, origin, trustedOrigins)
  if ('allow' in entry) return entry
  if (details.embeddingOrigin) return deny(mainFrameOnly(permission))
  if (entry.rule === 'app-only') return { allow: true, reason: `${entry.reason} (${originOf(origin)})` }
  if (details.mediaType !== 'audio' && details.mediaType !== 'video') return deny('only camera and microphone are granted')
  return { allow: true, reason: `${entry.reason} (${details.mediaType} for ${originOf(origin)})` }
}

/** What a request and a check both need first: a table entry that may be granted, asked for by the app's own origin. */
function grantableEntry(permission: string, origin: string, trustedOrigins: readonly string[]): PermissionDecision | { rule: Exclude<PermissionRule, 'deny'>; reason: string } {
  if (!Object.hasOwn(PERMISSION_TABLE, permission)) return deny(`"${permission}" is not in the permission table`)
  const entry = PERMISSION_TABLE[permission as PermissionName]
  if (entry.rule === 'deny') return deny(entry.reason)
  if (!isTrustedUrl(origin, trustedOrigins)) return deny(`${permission} is only for the app's own pages, not ${originOf(origin) ?? 'an unknown origin'}`)
  return { rule: entry.rule, reason: entry.reason }
}

function mainFrameOnly(permission: string): string {
  return `${permission} is only for the main frame; the app has no frames of its own`
}

function deny(reason: string): PermissionDecision {
  return { allow: false, reason }
}
