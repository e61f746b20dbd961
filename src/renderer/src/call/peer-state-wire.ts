/**
 * The peer-state channel's wire format, version 1: what each side tells the other about itself, so the other can
 * show it on their tile. One JSON object a frame, always the whole state (never a change), sent when the channel
 * opens and again on every change:
 *
 *   {"v":1,"type":"state","audio":false,"video":true,"screen":false,"name":"Minji"}
 *
 * - `audio`: a microphone is sending sound (false: muted, or no microphone at all);
 * - `video`: a camera is sending a picture (false: camera off, or no camera at all);
 * - `screen`: the screen is being shared in place of the camera (a picture even when `video` is false);
 * - `name`: the name the person set in Settings ("Your name"), at most 40 characters; absent when they set none.
 *
 * The other end is another person's app, so every frame is checked before use: one that is not text, too large,
 * not JSON, of another version or type, or badly shaped is rejected with a stable code, and decoding never throws.
 * Fields this version does not know are ignored, so a later version can add some without breaking this one.
 */
import { parseDisplayName } from '../../../shared/display-name'
import { isRecord } from '../../../shared/is-record'

export const PEER_STATE_WIRE_VERSION = 1

/**
 * The largest frame read at all, in UTF-16 units. A full state with a 40-character name of `\uXXXX` escapes is
 * about 330; anything near this size is not from this app and is dropped before parsing.
 */
export const MAX_PEER_STATE_FRAME_LENGTH = 1_024

export const PeerStateWireError = {
  NotText: 'PEER_STATE_ERR_NOT_TEXT',
  TooLarge: 'PEER_STATE_ERR_FRAME_TOO_LARGE',
  NotJson: 'PEER_STATE_ERR_NOT_JSON',
  UnsupportedVersion: 'PEER_STATE_ERR_UNSUPPORTED_VERSION',
  UnknownType: 'PEER_STATE_ERR_UNKNOWN_TYPE',
  BadFlag: 'PEER_STATE_ERR_BAD_FLAG',
  BadName: 'PEER_STATE_ERR_BAD_NAME',
} as const
export type PeerStateWireError = (typeof PeerStateWireError)[keyof typeof PeerStateWireError]

/** One side's state as it travels: see the format above. `name` is `''` when the person set none. */
export interface PeerStateFrame {
  readonly audio: boolean
  readonly video: boolean
  readonly screen: boolean
  readonly name: string
}

export type PeerStateDecodeResult =
  | { readonly ok: true; readonly state: PeerStateFrame }
  | { readonly ok: false; readonly code: PeerStateWireError }

export function encodePeerState(state: PeerStateFrame): string {
  const { audio, video, screen, name } = state
  return JSON.stringify({ v: PEER_STATE_WIRE_VERSION, type: 'state', audio, video, screen, ...(name ? { name } : {}) })
}

/** Reads one frame from the channel (`MessageEvent.data`, so anything at all). */
export function decodePeerState(data: unknown): PeerStateDecodeResult {
  if (typeof data !== 'string') return reject(PeerStateWireError.NotText)
  if (data.length > MAX_PEER_STATE_FRAME_LENGTH) return reject(PeerStateWireError.TooLarge)
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return reject(PeerStateWireError.NotJson)
  }
  if (!isRecord(value) || value.v !== PEER_STATE_WIRE_VERSION) return reject(PeerStateWireError.UnsupportedVersion)
  if (value.type !== 'state') return reject(PeerStateWireError.UnknownType)
  const { audio, video, screen } = value
  if (typeof audio !== 'boolean' || typeof video !== 'boolean' || typeof screen !== 'boolean') return reject(PeerStateWireError.BadFlag)
  let name = ''
  if (value.name !== undefined) {
    // Tidied the same way as a name typed here: a name from the other side is shown, so it is held to the same rules.
    const parsed = parseDisplayName(value.name)
    if (!parsed.ok) return reject(PeerStateWireError.BadName)
    name = parsed.name
  }
  return { ok: true, state: { audio, video, screen, name } }
}

function reject(code: PeerStateWireError): PeerStateDecodeResult {
  return { ok: false, code }
}
