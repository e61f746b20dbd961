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
  /** The frame is larger than the server accepts: the connection is closed with 1009 and this code as the
   * close reason (never sent as an error message). */
  MessageTooLarge: 'SIG_ERR_MESSAGE_TOO_LARGE',
  /** The server is shutting down (sent as the close reason, code 1001). */
  ServerShuttingDown: 'SIG_ERR_SERVER_SHUTTING_DOWN',
} as const

export type SignalingErrorCode = (typeof SignalingErrorCode)[keyof typeof SignalingErrorCode]
