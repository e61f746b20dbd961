/**
 * The phone, contacts, recents and app domains of the IPC contract, for one window: commands go to the
 * app-level phone (one `PhoneLine`, one contact book for every window), and its events go to the window.
 * Errors keep their stable codes (`PHONE_ERR_…`, `CONTACT_ERR_…`) at the start of the message.
 * No Electron import: tested in Node.
 */
import type { ContactBook, RecentsBook } from '../shared/contact-book'
import type { PhoneIdentity } from '../shared/phone'
import type { PhoneLine } from '../shared/phone-line'
import type { AppInbox } from './app-inbox'
import type { AttentionController } from './attention'
import type { DomainCommands, EmitBridgeEvent } from './ipc-handlers'
import type { PhoneStores } from './phone-stores'

/** The app-level pieces the commands use; `AppPhone` (app-phone.ts) is one. */
export interface PhoneServices {
  readonly line: PhoneLine
  readonly contacts: ContactBook
  readonly recents: RecentsBook
  readonly stores: Pick<PhoneStores, 'onContactsChanged' | 'onRecentsChanged'>
  readonly inbox: AppInbox
  readonly attention: AttentionController
  /** Makes a new secret, saves it, and switches the line to it. */
  regenerateCode(): Promise<PhoneIdentity>
  /** Whether this window is in a call; the app is busy while any window is. */
  setInCall(windowId: number, inCall: boolean): void
}

export type PhoneWindowCommands = DomainCommands<'phone'> & DomainCommands<'contacts'> & DomainCommands<'recents'> & DomainCommands<'app'>

export function phoneWindowCommands(services: PhoneServices, windowId: number, emit: EmitBridgeEvent): PhoneWindowCommands {
  const { line, contacts, recents, inbox, attention } = services
  return {
    'phone:get-identity': () => line.identity,
    'phone:regenerate-code': () => services.regenerateCode(),
    'phone:call': (code) => line.call(code),
    'phone:hang-up': (callId) => line.hangUp(callId),
    'phone:answer': (callId, accept) => {
      try {
        line.answer(callId, accept)
      } finally {
        // Answered here, or no longer ringing at all: either way the notification and the flashing go.
        attention.stop(callId)
      }
    },
    'phone:set-in-call': (inCall) => services.setInCall(windowId, inCall),
    'phone:call-ended': (callId, durationMs) => line.callEnded(callId, durationMs),
    'contacts:list': () => contacts.list(),
    'contacts:add': (draft) => contacts.add(draft),
    'contacts:update': (id, draft) => contacts.update(id, draft),
    'contacts:remove': (id) => contacts.remove(id),
    'contacts:set-verified': (id, fingerprint, identityKey) => contacts.setVerified(id, fingerprint, identityKey ?? null),
    'recents:list': () => recents.list(),
    'recents:clear': () => recents.clear(),
    'recents:add-room': (room, durationMs) => {
      recents.addRoomCall(room, durationMs)
    },
    'app:take-pending': () => {
      // A window that loads while a call rings (opened for it, or reloaded) missed `phone:incoming-call`:
      // send the ringing calls again, after this answer, to a page that subscribed before asking.
      setTimeout(() => {
        for (const call of line.ringing) emit('phone:incoming-call', call)
      }, 0)
      return inbox.take(windowId)
    },
  }
}

/** Forwards the phone's and the stores' events to one window; returns a function that stops forwarding. */
export function forwardPhoneEvents(services: PhoneServices, emit: EmitBridgeEvent): () => void {
  const { line, stores } = services
  const unsubscribers = [
    line.on('identity', (identity) => emit('phone:identity', identity)),
    line.on('incoming-call', (call) => emit('phone:incoming-call', call)),
    line.on('call-update', (update) => emit('phone:call-update', update)),
    line.on('call-cancelled', (cancelled) => emit('phone:call-cancelled', cancelled)),
    line.on('call-while-busy', (call) => emit('phone:call-while-busy', call)),
    stores.onContactsChanged((list) => emit('contacts:changed', list)),
    stores.onRecentsChanged((list) => emit('recents:changed', list)),
  ]
  return () => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe()
  }
}
