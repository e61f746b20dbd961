/**
 * Every server process names itself with a random id when it starts. A restarted process gets a new one, so
 * nothing a dead process left behind (keys, events in flight) can be mistaken for the new one's.
 */
import { generatePeerId } from '../peer-id'
import type { NodeId } from './backplane'

/** A fresh random node id: 12 lower-case base32 characters, 60 bits, like a peer id. */
export function generateNodeId(): NodeId {
  return generatePeerId() as string as NodeId
}
