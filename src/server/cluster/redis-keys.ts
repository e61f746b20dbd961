/**
 * Names of the Redis keys and channels of a cluster. Room codes and personal codes are secrets of a sort (knowing
 * one is all it takes to join a call or to ring someone), so they never appear in a key: keys carry a SHA-256
 * digest instead, and anyone with `KEYS`, `MONITOR` or a slow log sees no code in plain sight. (A code has 45
 * bits, so a digest can be searched; it keeps codes out of sight, it does not make Redis a safe place to
 * expose: keep Redis private, as docs/deployment.md says.)
 *
 * | key | value | lifetime |
 * |---|---|---|
 * | `<prefix>room:<digest of room code>` | hash: member peer id → `<join seq>|<node>`, and `#seq` | refreshed by the processes of its members |
 * | `<prefix>peer:<peer id>` | address `<node>/<connection>` of the connection holding the id | refreshed by its process: a member whose key is gone is dead |
 * | `<prefix>presence:<digest of personal code>` | address `<node>/<connection>` | refreshed by its process |
 * | `<prefix>binding:<digest of personal code>` | digest of the secret's fingerprint | code-binding lifetime |
 * | channel `<prefix>node:<node>` | events for that process | |
 */
import { createHash } from 'node:crypto'
import type { PeerId } from '../../shared/protocol'
import type { RoomCode } from '../../shared/room-code'
import type { NodeId } from './backplane'

export class RedisKeys {
  readonly #prefix: string

  constructor(prefix: string) {
    this.#prefix = prefix
  }

  room(code: RoomCode): string {
    return `${this.#prefix}room:${digest(`room ${code}`)}`
  }

  /** What every peer key starts with (Lua scripts build a member's key from it). */
  get peerPrefix(): string {
    return `${this.#prefix}peer:`
  }

  peer(peerId: PeerId): string {
    return `${this.peerPrefix}${peerId}`
  }

  presence(code: RoomCode): string {
    return `${this.#prefix}presence:${digest(`presence ${code}`)}`
  }

  binding(code: RoomCode): string {
    return `${this.#prefix}binding:${digest(`binding ${code}`)}`
  }

  channel(node: NodeId): string {
    return `${this.#prefix}node:${node}`
  }
}

/** SHA-256, base64url, 128 bits: plenty to keep keys apart. */
export function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 22)
}
