/**
 * The chat's wire format on the data channel, version 1: one JSON object per message, a chat line or the
 * receipt for one.
 *
 *   {"v":1,"type":"chat","id":"…","text":"…","sentAt":1700000000000}
 *   {"v":1,"type":"ack","id":"…"}
 *
 * The other end is another person's app, so every frame is checked before use: a frame that is not text, too
 * large, not JSON, of another version or type, or badly shaped is rejected with a stable code and never throws.
 */
import { isRecord } from '../../../shared/is-record'

export const CHAT_WIRE_VERSION = 1

/** The most characters (Unicode code points) one message may carry. */
export const MAX_CHAT_TEXT_LENGTH = 2000

/**
 * The largest frame read at all, in UTF-16 units. A 2000-character message of control characters escaped as
 * `\uXXXX` stays well below it; anything larger is not from this app and is dropped before parsing.
 */
export const MAX_CHAT_FRAME_LENGTH = 16_384

/** The longest message id accepted (ids are UUIDs, 36 characters). */
export const MAX_CHAT_ID_LENGTH = 64

export const ChatWireError = {
  NotText: 'CHAT_ERR_NOT_TEXT',
  TooLarge: 'CHAT_ERR_FRAME_TOO_LARGE',
  NotJson: 'CHAT_ERR_NOT_JSON',
  UnsupportedVersion: 'CHAT_ERR_UNSUPPORTED_VERSION',
  UnknownType: 'CHAT_ERR_UNKNOWN_TYPE',
  BadId: 'CHAT_ERR_BAD_ID',
  BadText: 'CHAT_ERR_BAD_TEXT',
  EmptyText: 'CHAT_ERR_EMPTY_TEXT',
  TextTooLong: 'CHAT_ERR_TEXT_TOO_LONG',
  BadSentAt: 'CHAT_ERR_BAD_SENT_AT',
} as const
export type ChatWireError = (typeof ChatWireError)[keyof typeof ChatWireError]

export interface ChatLine {
  readonly type: 'chat'
  readonly id: string
  readonly text: string
  /** The sender's clock, in ms since the epoch: informative only, the receiver's clock dates the message. */
  readonly sentAt: number
}

export interface ChatAck {
  readonly type: 'ack'
  readonly id: string
}

export type ChatFrame = ChatLine | ChatAck

export type DecodeResult = { readonly ok: true; readonly frame: ChatFrame } | { readonly ok: false; readonly code: ChatWireError }

export function encodeChatFrame(frame: ChatFrame): string {
  return JSON.stringify({ v: CHAT_WIRE_VERSION, ...frame })
}

/** Reads one frame from the channel (`MessageEvent.data`, so anything at all). */
export function decodeChatFrame(data: unknown): DecodeResult {
  if (typeof data !== 'string') return reject(ChatWireError.NotText)
  if (data.length > MAX_CHAT_FRAME_LENGTH) return reject(ChatWireError.TooLarge)
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return reject(ChatWireError.NotJson)
  }
  if (!isRecord(value) || value.v !== CHAT_WIRE_VERSION) return reject(ChatWireError.UnsupportedVersion)
  if (value.type !== 'chat' && value.type !== 'ack') return reject(ChatWireError.UnknownType)
  const id = value.id
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_CHAT_ID_LENGTH) return reject(ChatWireError.BadId)
  if (value.type === 'ack') return { ok: true, frame: { type: 'ack', id } }
  const text = value.text
  if (typeof text !== 'string') return reject(ChatWireError.BadText)
  const textProblem = checkChatText(text)
  if (textProblem) return reject(textProblem)
  const sentAt = value.sentAt
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt) || sentAt < 0) return reject(ChatWireError.BadSentAt)
  return { ok: true, frame: { type: 'chat', id, text, sentAt } }
}

/** Why `text` cannot be sent or shown as a message, or null when it can. */
export function checkChatText(text: string): typeof ChatWireError.EmptyText | typeof ChatWireError.TextTooLong | null {
  if (text.trim().length === 0) return ChatWireError.EmptyText
  if (chatTextLength(text) > MAX_CHAT_TEXT_LENGTH) return ChatWireError.TextTooLong
  return null
}

/** Length in code points, as a person counts characters (an emoji is one, not two UTF-16 units). */
export function chatTextLength(text: string): number {
  return Array.from(text).length
}

function reject(code: ChatWireError): DecodeResult {
  return { ok: false, code }
}
