/**
 * Signaling protocol, version 1: the JSON frames that travel over the WebSocket between a client and the
 * signaling server. Documented message by message in docs/protocol.md; this file is the source of truth.
 *
 * Every frame is one JSON object with `v` (the protocol version) and `type`. The same parsers run on the
 * server (for client frames) and in clients (for server frames), so both ends agree on what is valid.
 */
import { CALL_CANCEL_REASONS, CALL_STATES, DECLINE_REASONS, isCallId, type CallCancelReason, type CallId, type CallState, type DeclineReason } from './calls'
import { isPersonalSecret, type PersonalSecret } from './personal-code'
import { isRoomCode, type RoomCode } from './room-code'
import { isLanTag } from './lan-tag'
import { SignalingErrorCode } from './signaling-errors'

export { isCallId, type CallCancelReason, type CallId, type CallState, type DeclineReason } from './calls'

export const PROTOCOL_VERSION = 1

/** Largest frame either side sends or accepts, in bytes (the server's ws `maxPayload`). */
export const MAX_FRAME_BYTES = 64 * 1024
/** Upper bounds on individual fields, so a frame that fits the payload limit still cannot carry junk. */
export const LIMITS = {
  sdpChars: 60_000,
  candidateChars: 1_024,
  sdpMidChars: 64,
  usernameFragmentChars: 256,
  maxSdpMLineIndex: 1_023,
  iceServers: 8,
  iceServerUrls: 8,
  iceServerFieldChars: 512,
  errorMessageChars: 500,
} as const

/** Peer ids are chosen by the server: 12 lower-case base32 characters. */
export type PeerId = string & { readonly __peerId: true }
const PEER_ID_PATTERN = /^[0-9a-z]{12}$/
export function isPeerId(value: unknown): value is PeerId {
  return typeof value === 'string' && PEER_ID_PATTERN.test(value)
}

export interface SessionDescription {
  type: 'offer' | 'answer'
  sdp: string
}

export interface IceCandidate {
  candidate: string
  sdpMid: string | null
  sdpMLineIndex: number | null
  usernameFragment: string | null
}

/** What one peer sends another through the server; the server never looks inside beyond validation. */
export type SignalData =
  | { kind: 'description'; description: SessionDescription }
  | { kind: 'candidate'; candidate: IceCandidate }

export interface IceServer {
  urls: string[]
  username?: string
  credential?: string
}

export type PeerLeftReason = 'left' | 'disconnected'

// ── client → server ────────────────────────────────────────────────────────────────────────────────────
/**
 * `resume` (an addition to v1): after a reconnect, ask for the peer id this client had, proving it with the
 * token `joined` gave. The server grants it when the token verifies (taking the id from a connection that still
 * holds it), so a call whose media kept flowing goes on.
 */
export type JoinMessage = { v: 1; type: 'join'; room: RoomCode; resume?: ResumeClaim }
export interface ResumeClaim {
  peerId: PeerId
  token: ResumeToken
}
/** A secret the server gives each member in `joined`: 22 base64url characters (a 128-bit MAC: server/resume-tokens.ts). */
export type ResumeToken = string & { readonly __resumeToken: true }
const RESUME_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/
export function isResumeToken(value: unknown): value is ResumeToken {
  return typeof value === 'string' && RESUME_TOKEN_PATTERN.test(value)
}
export type SendSignalMessage = { v: 1; type: 'signal'; to: PeerId; data: SignalData }
export type LeaveMessage = { v: 1; type: 'leave' }
// Presence and calling a person: additions to v1, documented as such.
/** Become reachable on the personal code derived from `secret`. */
export type RegisterMessage = { v: 1; type: 'register'; secret: PersonalSecret }
/** Stop being reachable (before registering a regenerated secret on the same connection). */
export type UnregisterMessage = { v: 1; type: 'unregister' }
/**
 * Call the installation whose personal code is `to`, to meet in `room` (a fresh room code). `from` only on a
 * local-network listener, from a caller that is not registered there (docs/lan.md): the code it says it has.
 */
export type InviteMessage = { v: 1; type: 'invite'; callId: CallId; to: RoomCode; room: RoomCode; from?: RoomCode }
/** Local network only: "do you have the room or personal code behind this question?" (src/shared/lan-tag.ts). */
export type LocateMessage = { v: 1; type: 'locate'; ask: string }
/**
 * "Are you there?" (an addition to v1), answered with `pong`. Sent during a call so that a socket that died
 * without a word (the client's public address changed) is noticed in seconds, not when TCP gives up.
 */
export type PingMessage = { v: 1; type: 'ping' }
/** The callee's answer; a refusal without a reason counts as `declined`. */
export type AnswerCallMessage =
  | { v: 1; type: 'answer'; callId: CallId; accept: true }
  | { v: 1; type: 'answer'; callId: CallId; accept: false; reason?: DeclineReason }
/** The caller stops a call that is still ringing. */
export type CancelCallMessage = { v: 1; type: 'cancel'; callId: CallId; reason: CallCancelReason }
export type ClientMessage =
  | JoinMessage
  | SendSignalMessage
  | LeaveMessage
  | RegisterMessage
  | UnregisterMessage
  | InviteMessage
  | AnswerCallMessage
  | CancelCallMessage
  | LocateMessage
  | PingMessage

// ── server → client ────────────────────────────────────────────────────────────────────────────────────
export type JoinedMessage = {
  v: 1
  type: 'joined'
  room: RoomCode
  peerId: PeerId
  /** Peers already in the room when you joined, oldest first. */
  peers: PeerId[]
  iceServers: IceServer[]
  /** Send back in `join.resume` with `peerId` to keep this id after a reconnect (absent from older servers). */
  resumeToken?: ResumeToken
}
export type PeerJoinedMessage = { v: 1; type: 'peer-joined'; peerId: PeerId }
export type PeerLeftMessage = { v: 1; type: 'peer-left'; peerId: PeerId; reason: PeerLeftReason }
export type RelayedSignalMessage = { v: 1; type: 'signal'; from: PeerId; data: SignalData }
/** `retryAfterMs` (an addition to v1): with the "not now" codes (docs/protocol.md, `error`), when to try again. */
export type ErrorMessage = { v: 1; type: 'error'; code: SignalingErrorCode; message: string; retryAfterMs?: number }
/** This connection is now reachable on `code` (its personal code, derived by the server from the secret). */
export type RegisteredMessage = { v: 1; type: 'registered'; code: RoomCode }
/** Someone calls: `from` is the caller's personal code as the server derived it, never taken from a frame. */
export type IncomingCallMessage = { v: 1; type: 'incoming-call'; callId: CallId; from: RoomCode; room: RoomCode }
/** To the caller: how its call is going. Every state but `ringing` ends the call's time on the server. */
export type CallUpdateMessage = { v: 1; type: 'call-update'; callId: CallId; state: CallState }
/** To the callee: stop ringing, the call is over. */
export type CallCancelledMessage = { v: 1; type: 'call-cancelled'; callId: CallId; reason: CallCancelReason }
/**
 * Fresh ICE servers for the room this connection is in: the TURN credentials in `joined` expire, so the server
 * sends new ones before they do (an addition to v1). Pass them to `RTCPeerConnection.setConfiguration`.
 */
export type IceServersMessage = { v: 1; type: 'ice-servers'; iceServers: IceServer[] }
/** The answer to `locate`: the code's `answer` tag when this server has it, else null. */
export type LocatedMessage = { v: 1; type: 'located'; ask: string; answer: string | null }
/** The answer to `ping`. */
export type PongMessage = { v: 1; type: 'pong' }
export type ServerMessage =
  | JoinedMessage
  | PeerJoinedMessage
  | PeerLeftMessage
  | RelayedSignalMessage
  | ErrorMessage
  | RegisteredMessage
  | IncomingCallMessage
  | CallUpdateMessage
  | CallCancelledMessage
  | IceServersMessage
  | LocatedMessage
  | PongMessage

export type ParseResult<T> = { ok: true; message: T } | { ok: false; code: SignalingErrorCode; reason: string }

/**
 * Validates a frame from a client. `raw` is the frame as received: a string, a Buffer/ArrayBuffer of UTF-8,
 * or an already-decoded value. Never throws.
 */
export function parseClientMessage(raw: unknown): ParseResult<ClientMessage> {
  const envelope = readEnvelope(raw)
  if (!envelope.ok) return envelope
  const { type, frame } = envelope.message
  switch (type) {
    case 'join':
      if (!hasOnlyKeys(frame, ['v', 'type', 'room', 'resume'])) return bad('join has unexpected fields')
      if (!isRoomCode(frame.room)) {
        return fail(SignalingErrorCode.BadRoomCode, 'room must be a canonical 10-character room code')
      }
      if (frame.resume === undefined) return ok({ v: 1, type, room: frame.room })
      {
        const resume = frame.resume
        if (!isPlainObject(resume) || !hasOnlyKeys(resume, ['peerId', 'token'])) return bad('join.resume is malformed')
        if (!isPeerId(resume.peerId)) return bad('join.resume.peerId must be a peer id')
        // Never quoted: the token is a secret.
        if (!isResumeToken(resume.token)) return bad('join.resume.token must be 22 base64url characters')
        return ok({ v: 1, type, room: frame.room, resume: { peerId: resume.peerId, token: resume.token } })
      }
    case 'signal': {
      if (!hasOnlyKeys(frame, ['v', 'type', 'to', 'data'])) return bad('signal has unexpected fields')
      if (!isPeerId(frame.to)) return bad('signal.to must be a peer id')
      const data = parseSignalData(frame.data)
      if (!data.ok) return data
      return ok({ v: 1, type, to: frame.to, data: data.message })
    }
    case 'leave':
      if (!hasOnlyKeys(frame, ['v', 'type'])) return bad('leave has unexpected fields')
      return ok({ v: 1, type })
    case 'register':
      if (!hasOnlyKeys(frame, ['v', 'type', 'secret'])) return bad('register has unexpected fields')
      // Reasons end up in logs, so this one never quotes the value.
      if (!isPersonalSecret(frame.secret)) return fail(SignalingErrorCode.BadSecret, 'secret must be 32 bytes as 43 base64url characters')
      return ok({ v: 1, type, secret: frame.secret })
    case 'unregister':
      if (!hasOnlyKeys(frame, ['v', 'type'])) return bad('unregister has unexpected fields')
      return ok({ v: 1, type })
    case 'invite':
      if (!hasOnlyKeys(frame, ['v', 'type', 'callId', 'to', 'room', 'from'])) return bad('invite has unexpected fields')
      if (!isCallId(frame.callId)) return bad('invite.callId must be a call id')
      if (!isRoomCode(frame.to)) return fail(SignalingErrorCode.BadPersonalCode, 'invite.to must be a canonical personal code')
      // Not SIG_ERR_BAD_ROOM_CODE: errors name no request, and that code tells a client its `join` was refused.
      if (!isRoomCode(frame.room)) return bad('invite.room must be a canonical room code')
      if (frame.from === undefined) return ok({ v: 1, type, callId: frame.callId, to: frame.to, room: frame.room })
      if (!isRoomCode(frame.from)) return fail(SignalingErrorCode.BadPersonalCode, 'invite.from must be a canonical personal code')
      return ok({ v: 1, type, callId: frame.callId, to: frame.to, room: frame.room, from: frame.from })
    case 'locate':
      if (!hasOnlyKeys(frame, ['v', 'type', 'ask'])) return bad('locate has unexpected fields')
      if (!isLanTag(frame.ask)) return bad('locate.ask must be 11 base64url characters')
      return ok({ v: 1, type, ask: frame.ask })
    case 'ping':
      if (!hasOnlyKeys(frame, ['v', 'type'])) return bad('ping has unexpected fields')
      return ok({ v: 1, type })
    case 'answer': {
      if (!hasOnlyKeys(frame, ['v', 'type', 'callId', 'accept', 'reason'])) return bad('answer has unexpected fields')
      if (!isCallId(frame.callId)) return bad('answer.callId must be a call id')
      const { callId, reason } = frame
      if (frame.accept === true) {
        return reason === undefined ? ok({ v: 1, type, callId, accept: true }) : bad('answer.reason is only for accept: false')
      }
      if (frame.accept !== false) return bad('answer.accept must be true or false')
      if (reason === undefined) return ok({ v: 1, type, callId, accept: false })
      if (!isOneOf(reason, DECLINE_REASONS)) return bad('answer.reason must be declined or busy')
      return ok({ v: 1, type, callId, accept: false, reason })
    }
    case 'cancel':
      if (!hasOnlyKeys(frame, ['v', 'type', 'callId', 'reason'])) return bad('cancel has unexpected fields')
      if (!isCallId(frame.callId)) return bad('cancel.callId must be a call id')
      if (!isOneOf(frame.reason, CALL_CANCEL_REASONS)) return bad('cancel.reason must be hung-up or no-answer')
      return ok({ v: 1, type, callId: frame.callId, reason: frame.reason })
    default:
      return fail(SignalingErrorCode.UnknownType, `unknown message type ${JSON.stringify(type).slice(0, 40)}`)
  }
}

/** Validates a frame from the server. Clients treat a failure as a protocol error, never as data. */
export function parseServerMessage(raw: unknown): ParseResult<ServerMessage> {
  const envelope = readEnvelope(raw)
  if (!envelope.ok) return envelope
  const { type, frame } = envelope.message
  switch (type) {
    case 'joined': {
      if (!isRoomCode(frame.room)) return bad('joined.room must be a room code')
      if (!isPeerId(frame.peerId)) return bad('joined.peerId must be a peer id')
      if (!Array.isArray(frame.peers) || !frame.peers.every(isPeerId)) return bad('joined.peers must be peer ids')
      const iceServers = parseIceServers(frame.iceServers)
      if (!iceServers.ok) return iceServers
      const joined: JoinedMessage = { v: 1, type, room: frame.room, peerId: frame.peerId, peers: frame.peers, iceServers: iceServers.message }
      if (frame.resumeToken === undefined) return ok(joined)
      if (!isResumeToken(frame.resumeToken)) return bad('joined.resumeToken must be 22 base64url characters')
      return ok({ ...joined, resumeToken: frame.resumeToken })
    }
    case 'peer-joined':
      if (!isPeerId(frame.peerId)) return bad('peer-joined.peerId must be a peer id')
      return ok({ v: 1, type, peerId: frame.peerId })
    case 'peer-left':
      if (!isPeerId(frame.peerId)) return bad('peer-left.peerId must be a peer id')
      if (frame.reason !== 'left' && frame.reason !== 'disconnected') return bad('peer-left.reason is not known')
      return ok({ v: 1, type, peerId: frame.peerId, reason: frame.reason })
    case 'signal': {
      if (!isPeerId(frame.from)) return bad('signal.from must be a peer id')
      const data = parseSignalData(frame.data)
      if (!data.ok) return data
      return ok({ v: 1, type, from: frame.from, data: data.message })
    }
    case 'error':
      if (!isSignalingErrorCode(frame.code)) return bad('error.code is not a known code')
      if (!isBoundedString(frame.message, LIMITS.errorMessageChars)) return bad('error.message must be a short string')
      if (frame.retryAfterMs === undefined) return ok({ v: 1, type, code: frame.code, message: frame.message })
      if (!Number.isSafeInteger(frame.retryAfterMs) || (frame.retryAfterMs as number) < 0) return bad('error.retryAfterMs must be a whole number of ms')
      return ok({ v: 1, type, code: frame.code, message: frame.message, retryAfterMs: frame.retryAfterMs as number })
    case 'registered':
      if (!isRoomCode(frame.code)) return bad('registered.code must be a personal code')
      return ok({ v: 1, type, code: frame.code })
    case 'incoming-call':
      if (!isCallId(frame.callId)) return bad('incoming-call.callId must be a call id')
      if (!isRoomCode(frame.from)) return bad('incoming-call.from must be a personal code')
      if (!isRoomCode(frame.room)) return bad('incoming-call.room must be a room code')
      return ok({ v: 1, type, callId: frame.callId, from: frame.from, room: frame.room })
    case 'call-update':
      if (!isCallId(frame.callId)) return bad('call-update.callId must be a call id')
      if (!isOneOf(frame.state, CALL_STATES)) return bad('call-update.state is not known')
      return ok({ v: 1, type, callId: frame.callId, state: frame.state })
    case 'call-cancelled':
      if (!isCallId(frame.callId)) return bad('call-cancelled.callId must be a call id')
      if (!isOneOf(frame.reason, CALL_CANCEL_REASONS)) return bad('call-cancelled.reason is not known')
      return ok({ v: 1, type, callId: frame.callId, reason: frame.reason })
    case 'ice-servers': {
      const iceServers = parseIceServers(frame.iceServers)
      if (!iceServers.ok) return iceServers
      return ok({ v: 1, type, iceServers: iceServers.message })
    }
    case 'located':
      if (!isLanTag(frame.ask)) return bad('located.ask must be a tag')
      if (frame.answer !== null && !isLanTag(frame.answer)) return bad('located.answer must be a tag or null')
      return ok({ v: 1, type, ask: frame.ask, answer: frame.answer })
    case 'pong':
      return ok({ v: 1, type })
    default:
      return fail(SignalingErrorCode.UnknownType, `unknown message type ${JSON.stringify(type).slice(0, 40)}`)
  }
}

/** Serializes a frame; the one place frames are turned into text, so the `v` field is never forgotten. */
export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message)
}

export function isSignalingErrorCode(value: unknown): value is SignalingErrorCode {
  return typeof value === 'string' && (Object.values(SignalingErrorCode) as string[]).includes(value)
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────────

type Frame = Record<string, unknown>

function readEnvelope(raw: unknown): ParseResult<{ type: string; frame: Frame }> {
  let value: unknown = raw
  if (typeof raw === 'string' || raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    const text = typeof raw === 'string' ? raw : decodeUtf8(raw)
    if (text === undefined) return bad('frame is not valid UTF-8')
    try {
      value = JSON.parse(text)
    } catch {
      return bad('frame is not valid JSON')
    }
  }
  if (!isPlainObject(value)) return bad('frame must be a JSON object')
  if (value.v !== PROTOCOL_VERSION) {
    return fail(SignalingErrorCode.UnsupportedVersion, `protocol version must be ${PROTOCOL_VERSION}`)
  }
  if (typeof value.type !== 'string') return bad('frame.type must be a string')
  return ok({ type: value.type, frame: value })
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
function decodeUtf8(bytes: ArrayBuffer | ArrayBufferView): string | undefined {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  try {
    return utf8.decode(view)
  } catch {
    return undefined
  }
}

/** Validates the payload of a signal (also used on the IPC bridge, where the renderer hands it to main). */
export function parseSignalData(value: unknown): ParseResult<SignalData> {
  if (!isPlainObject(value)) return bad('signal.data must be an object')
  if (value.kind === 'description') {
    const d = value.description
    if (!hasOnlyKeys(value, ['kind', 'description']) || !isPlainObject(d)) return bad('description is malformed')
    if (d.type !== 'offer' && d.type !== 'answer') return bad('description.type must be offer or answer')
    if (!isBoundedString(d.sdp, LIMITS.sdpChars) || d.sdp.length === 0) return bad('description.sdp is missing or too long')
    return ok({ kind: 'description', description: { type: d.type, sdp: d.sdp } })
  }
  if (value.kind === 'candidate') {
    const c = value.candidate
    if (!hasOnlyKeys(value, ['kind', 'candidate']) || !isPlainObject(c)) return bad('candidate is malformed')
    if (!isBoundedString(c.candidate, LIMITS.candidateChars)) return bad('candidate.candidate is missing or too long')
    const sdpMid = c.sdpMid ?? null
    const sdpMLineIndex = c.sdpMLineIndex ?? null
    const usernameFragment = c.usernameFragment ?? null
    if (sdpMid !== null && !isBoundedString(sdpMid, LIMITS.sdpMidChars)) return bad('candidate.sdpMid is malformed')
    if (
      sdpMLineIndex !== null &&
      !(Number.isInteger(sdpMLineIndex) && (sdpMLineIndex as number) >= 0 && (sdpMLineIndex as number) <= LIMITS.maxSdpMLineIndex)
    ) {
      return bad('candidate.sdpMLineIndex is malformed')
    }
    if (usernameFragment !== null && !isBoundedString(usernameFragment, LIMITS.usernameFragmentChars)) {
      return bad('candidate.usernameFragment is malformed')
    }
    if (sdpMid === null && sdpMLineIndex === null) return bad('candidate needs sdpMid or sdpMLineIndex')
    return ok({
      kind: 'candidate',
      candidate: {
        candidate: c.candidate,
        sdpMid: sdpMid as string | null,
        sdpMLineIndex: sdpMLineIndex as number | null,
        usernameFragment: usernameFragment as string | null,
      },
    })
  }
  return bad('signal.data.kind must be description or candidate')
}

/** Validates a list of ICE servers (also used by the server for its configured list). */
export function parseIceServers(value: unknown): ParseResult<IceServer[]> {
  if (!Array.isArray(value) || value.length > LIMITS.iceServers) return bad('iceServers must be a short array')
  const servers: IceServer[] = []
  for (const entry of value) {
    if (!isPlainObject(entry)) return bad('each ICE server must be an object')
    const urls = entry.urls
    if (!Array.isArray(urls) || urls.length === 0 || urls.length > LIMITS.iceServerUrls) return bad('ICE server urls are malformed')
    if (!urls.every((u) => isBoundedString(u, LIMITS.iceServerFieldChars) && /^(stun|stuns|turn|turns):/.test(u))) {
      return bad('ICE server urls must be stun:, stuns:, turn: or turns: URLs')
    }
    const server: IceServer = { urls: urls as string[] }
    for (const field of ['username', 'credential'] as const) {
      const v = entry[field]
      if (v === undefined) continue
      if (!isBoundedString(v, LIMITS.iceServerFieldChars)) return bad(`ICE server ${field} is malformed`)
      server[field] = v
    }
    servers.push(server)
  }
  return ok(servers)
}

function isPlainObject(value: unknown): value is Frame {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasOnlyKeys(value: Frame, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key))
}

function isBoundedString(value: unknown, maxChars: number): value is string {
  return typeof value === 'string' && value.length <= maxChars
}

function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value)
}

function ok<T>(message: T): ParseResult<T> {
  return { ok: true, message }
}
function fail(code: SignalingErrorCode, reason: string): { ok: false; code: SignalingErrorCode; reason: string } {
  return { ok: false, code, reason }
}
function bad(reason: string) {
  return fail(SignalingErrorCode.BadMessage, reason)
}
