/**
 * Stable error codes of the signaling protocol. A code never changes meaning once shipped; clients map
 * codes (not messages) to what they show people. Documented in docs/protocol.md.
 */
export const SignalingErrorCode = {
  /** The frame is not valid UTF-8 JSON, or a field is missing, of the wrong type, or too long. */
  BadMessage: 'SIG_ERR_BAD_MESSAGE',
  /** `v` is not a protocol version this server speaks. */
  UnsupportedVersion: 'SIG_ERR_UNSUPPORTED_VERSION',
  /** `type` is not a message this side accepts. */
  UnknownType: 'SIG_ERR_UNKNOWN_TYPE',
  /** The room code is not a valid canonical code. */
  BadRoomCode: 'SIG_ERR_BAD_ROOM_CODE',
  /** The room already holds its maximum number of peers. */
  RoomFull: 'SIG_ERR_ROOM_FULL',
  /** A `join` arrived while this connection is already in a room. */
  AlreadyInRoom: 'SIG_ERR_ALREADY_IN_ROOM',
  /** A `signal` or `leave` arrived before `join`. */
  NotInRoom: 'SIG_ERR_NOT_IN_ROOM',
  /** A `signal` was addressed to a peer that is not in the sender's room. */
  UnknownPeer: 'SIG_ERR_UNKNOWN_PEER',
  // ── presence and calling a person (additions to v1; see "Presence and calling a person") ──
  /** `register.secret` is not a personal secret (32 bytes as 43 base64url characters). */
  BadSecret: 'SIG_ERR_BAD_SECRET',
  /** `invite.to` is not a canonical personal code. */
  BadPersonalCode: 'SIG_ERR_BAD_PERSONAL_CODE',
  /** `register` with a different secret while this connection is registered: send `unregister` first. */
  AlreadyRegistered: 'SIG_ERR_ALREADY_REGISTERED',
  /** `invite` or `unregister` from a connection that is not registered (a caller must say who calls). */
  NotRegistered: 'SIG_ERR_NOT_REGISTERED',
  /**
   * Sent unprompted: another connection registered this connection's personal code, which now reaches the
   * other one. This connection stays open; it should not register again on its own, or the two would take
   * the code from each other on every reconnect.
   */
  Replaced: 'SIG_ERR_REPLACED',
  /**
   * `register` with a secret other than the one this personal code was first registered with (within the
   * binding lifetime, 90 days by default): someone else's code cannot be taken over by a colliding secret.
   */
  CodeTaken: 'SIG_ERR_CODE_TAKEN',
  /** `invite.to` is the caller's own personal code. */
  CallSelf: 'SIG_ERR_CALL_SELF',
  /** `invite` while this connection already has the maximum number of calls ringing (4 by default). */
  TooManyCalls: 'SIG_ERR_TOO_MANY_CALLS',
  /** `invite.callId` is already the id of a call that is ringing: pick a fresh one. */
  CallIdInUse: 'SIG_ERR_CALL_ID_IN_USE',
  /**
   * `answer` or `cancel` names no call ringing for this connection: never invited, already answered or
   * cancelled, expired, or (for `cancel`) a call this connection did not make.
   */
  UnknownCall: 'SIG_ERR_UNKNOWN_CALL',
  /**
   * `invite` while a call from this caller already rings at that person: a callee faces one ringing call per
   * caller. Hang up (or wait for the answer) first.
   */
  AlreadyRinging: 'SIG_ERR_ALREADY_RINGING',
  /**
   * `invite` dropped: it came faster than a person could answer (right after the caller's previous call), or the
   * caller was declined or ignored and must wait longer before each new ring. `retryAfterMs` says when it may
   * ring again. Nothing rang.
   */
  RingingTooSoon: 'SIG_ERR_RINGING_TOO_SOON',
  /**
   * `register` with a code this server has no binding for (a new code) from an address that has made as many
   * new codes as it may for now. `retryAfterMs` says when; codes already bound to their secret are not affected.
   */
  TooManyNewCodes: 'SIG_ERR_TOO_MANY_NEW_CODES',
  /** As `SIG_ERR_TOO_MANY_NEW_CODES`, but the budget of the whole server is spent for now (`retryAfterMs`). */
  NewCodesThrottled: 'SIG_ERR_NEW_CODES_THROTTLED',
  /**
   * `register` with a new code while the server's table of code bindings is full of codes seen recently: none
   * of them is given up to make room. `retryAfterMs` says when to try again.
   */
  CodeTableFull: 'SIG_ERR_CODE_TABLE_FULL',
  // ── limits (additions to v1; see "Limits" in docs/protocol.md) ──
  /**
   * The frame was not handled: this connection sends more frames than allowed (a burst, then a steady rate).
   * A connection that goes on regardless is closed with 1008 and this code as the close reason.
   */
  RateLimited: 'SIG_ERR_RATE_LIMITED',
  /**
   * `join`, `invite` or `register` was not handled: too many attempts from this address missed (rooms where
   * nobody waited, codes nobody holds), which is what guessing codes looks like. `retryAfterMs` says when to
   * try again.
   */
  TooManyAttempts: 'SIG_ERR_TOO_MANY_ATTEMPTS',
  /**
   * Local-network listeners only (docs/lan.md): another app on the network tried what only this computer's own
   * app may do here: `register`, or `join` a room none of this app's people is in (a visitor joins rooms, it
   * never opens one). A refused join counts as a miss.
   */
  LocalOnly: 'SIG_ERR_LOCAL_ONLY',
  /**
   * `invite` said who calls (`from`) where it must not (the caller is registered here), or did not where it
   * must (a call from another app on the local network).
   */
  CallerUnknown: 'SIG_ERR_CALLER_UNKNOWN',
  // ── sent only as a close reason ──
  /** The frame is larger than the server accepts: the connection is closed with 1009 and this code as the
   * close reason (never sent as an error message). */
  MessageTooLarge: 'SIG_ERR_MESSAGE_TOO_LARGE',
  /** The server is shutting down (sent as the close reason, code 1001). */
  ServerShuttingDown: 'SIG_ERR_SERVER_SHUTTING_DOWN',
} as const

export type SignalingErrorCode = (typeof SignalingErrorCode)[keyof typeof SignalingErrorCode]

/** Errors that say "not now" rather than "no": the refused message may be sent again later. */
export const THROTTLED_CODES: ReadonlySet<SignalingErrorCode> = new Set([SignalingErrorCode.TooManyAttempts, SignalingErrorCode.RateLimited])

/**
 * "Not now" answers to one kind of message only (`register`, or `invite`), unlike `THROTTLED_CODES`, which may
 * answer any frame: the registration is sent again after `retryAfterMs`; the call did not ring.
 */
export const REGISTER_LATER_CODES: ReadonlySet<SignalingErrorCode> = new Set([
  SignalingErrorCode.TooManyNewCodes,
  SignalingErrorCode.NewCodesThrottled,
  SignalingErrorCode.CodeTableFull,
])
export const RING_LATER_CODES: ReadonlySet<SignalingErrorCode> = new Set([SignalingErrorCode.AlreadyRinging, SignalingErrorCode.RingingTooSoon])

/**
 * Errors after which the server will not reach this app on its code until the person acts: registering again
 * on its own would fail again or, after `SIG_ERR_REPLACED`, take the code back from the other connection.
 */
export const REGISTRATION_REFUSAL_CODES: ReadonlySet<SignalingErrorCode> = new Set([
  SignalingErrorCode.Replaced,
  SignalingErrorCode.BadSecret,
  SignalingErrorCode.CodeTaken,
])

/**
 * Close reasons that are not error codes: they are only ever the reason of a WebSocket close frame, never an
 * `error` message, so no client has to handle them as one. Documented in docs/protocol.md ("Close codes").
 */
export const SignalingCloseReason = {
  /**
   * Close code 1013 (try again later): this server process lost the state it shares with the other processes
   * of its cluster (Redis unreachable, or its keys expired). Reconnect with backoff and join again; the room
   * and the registration are as the other processes last saw them.
   */
  Unavailable: 'SIG_ERR_UNAVAILABLE',
  /**
   * Close code 1013: this client did not read what the server sent it, and more than the server buffers for
   * one connection (1 MiB by default) piled up. Reconnect; a client that reads its socket never sees this.
   */
  SlowConsumer: 'SIG_ERR_SLOW_CONSUMER',
  /**
   * Close code 1013: a frame of this connection waited too long to be handled (the server, or the cluster's
   * shared state, is overloaded). Reconnect with backoff and join again.
   */
  Backlog: 'SIG_ERR_BACKLOG',
  /** Close code 1008: one message came in more fragments than the server accepts (128 by default). */
  TooManyFragments: 'SIG_ERR_TOO_MANY_FRAGMENTS',
  /**
   * Close code 4000: another connection claimed this connection's peer id with its resume token (`join.resume`)
   * and now holds it in the room. Usually never read: the old connection was half-open. A client that does read
   * it is not the one the room goes on with, and must not claim the id back.
   */
  ResumedElsewhere: 'SIG_ERR_RESUMED_ELSEWHERE',
} as const

export type SignalingCloseReason = (typeof SignalingCloseReason)[keyof typeof SignalingCloseReason]

/**
 * Why a WebSocket upgrade was refused over HTTP, before any WebSocket exists: the code is the response body and
 * the `X-Tonghwa-Error` header (browsers do not show either to scripts; they report a failed connection).
 * Documented in docs/protocol.md ("Limits").
 */
export const SignalingRefusal = {
  /** 403: the `Origin` header names a web page this server does not serve or allow. */
  OriginNotAllowed: 'SIG_ERR_ORIGIN_NOT_ALLOWED',
  /** 429: this address already has as many connections open as it may. */
  TooManyConnections: 'SIG_ERR_TOO_MANY_CONNECTIONS',
  /** 429: this address opens connections faster than it may; `Retry-After` says when to try again. */
  ConnectingTooFast: 'SIG_ERR_CONNECTING_TOO_FAST',
  /**
   * 421: the `Host` header names no address or name this server serves (DNS rebinding: a page whose own name
   * was made to point at this server). Also the answer to plain HTTP requests other than `/healthz`.
   */
  HostNotAllowed: 'SIG_ERR_HOST_NOT_ALLOWED',
  /**
   * 429, written as soon as the TCP connection opens: this address already holds as many connections that are
   * not WebSockets (requests being read, idle keep-alive) as it may.
   */
  TooManySockets: 'SIG_ERR_TOO_MANY_SOCKETS',
  /** 503: the server is near its file-descriptor limit and takes no more WebSockets for now. */
  ServerFull: 'SIG_ERR_SERVER_FULL',
} as const

export type SignalingRefusal = (typeof SignalingRefusal)[keyof typeof SignalingRefusal]
