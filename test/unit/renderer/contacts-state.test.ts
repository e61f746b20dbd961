import { describe, expect, it } from 'vitest'
import { contactFormProblem } from '../../../src/renderer/src/phone/contact-form'
import { ContactsState } from '../../../src/renderer/src/state/contacts.svelte'
import { ContactErrorCode, type Contact, type ContactId } from '../../../src/shared/contacts'
import { formatRoomCode, generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { settle } from '../../support/signaling-relay'

const MINJI = generateRoomCode()
const JOON = generateRoomCode()

function contact(id: string, name: string, code = generateRoomCode()): Contact {
  return { id: id.padEnd(12, '0') as ContactId, name, code, createdAt: 1, updatedAt: 1 }
}

async function setup(contacts: Contact[] = []) {
  const bridge = new FakeBridge()
  bridge.contacts = contacts
  const errors: unknown[] = []
  const state = new ContactsState({ bridge, ownCode: () => bridge.identity.code, onError: (error) => errors.push(error) })
  await state.start()
  return { bridge, state, errors }
}

describe('contactFormProblem', () => {
  const none = { name: false, code: false }

  it('says nothing about an empty form the person has not typed in', () => {
    expect(contactFormProblem({ name: '', code: '' }, { existing: [], touched: none, submitted: false })).toBeNull()
  })

  it('says what is wrong with the code as it is typed, even before a name is given', () => {
    const problem = contactFormProblem({ name: '', code: 'ABC-1234' }, { existing: [], touched: { name: false, code: true }, submitted: false })
    expect(problem).toMatchObject({ code: ContactErrorCode.BadCode, field: 'code' })
    expect(problem!.message).toMatch(/^A code has 10 characters/)
  })

  it('shows every problem once Save was pressed', () => {
    expect(contactFormProblem({ name: ' ', code: '' }, { existing: [], touched: none, submitted: true })).toMatchObject({
      code: ContactErrorCode.NameMissing,
      message: 'Give the contact a name.',
    })
  })

  it('refuses your own code and a code already saved, naming who has it', () => {
    const own = generateRoomCode()
    const touched = { name: true, code: true }
    expect(contactFormProblem({ name: 'Me', code: own }, { existing: [], ownCode: own, touched, submitted: false })?.code).toBe(
      ContactErrorCode.OwnCode,
    )
    const saved = contact('a', 'Minji', MINJI)
    const twin = contactFormProblem({ name: 'Other', code: formatRoomCode(MINJI).toLowerCase() }, { existing: [saved], touched, submitted: false })
    expect(twin).toMatchObject({ code: ContactErrorCode.DuplicateCode, message: 'That code is already saved as "Minji".' })
    // Editing Minji herself: her own code is not a duplicate.
    expect(contactFormProblem({ name: 'Minji P', code: MINJI }, { existing: [saved], editing: saved.id, touched, submitted: false })).toBeNull()
  })
})

describe('ContactsState', () => {
  it('lists the contacts from main and follows its changes', async () => {
    const { bridge, state } = await setup([contact('a', 'Minji', MINJI)])
    expect(state.list.map((c) => c.name)).toEqual(['Minji'])
    bridge.setContacts([...bridge.contacts, contact('b', 'Joon', JOON)])
    expect(state.list.map((c) => c.name)).toEqual(['Minji', 'Joon'])
    expect(state.nameOf(JOON)).toBe('Joon')
    expect(state.nameOf(generateRoomCode())).toBeNull()
  })

  it('filters by name (case and accents aside) and by code with or without dashes', async () => {
    const { state } = await setup([contact('a', 'Minji Park', MINJI), contact('b', 'Joon-ho Lée', JOON)])
    state.setQuery('lee')
    expect(state.filtered.map((c) => c.name)).toEqual(['Joon-ho Lée'])
    state.setQuery(formatRoomCode(MINJI).toLowerCase())
    expect(state.filtered.map((c) => c.name)).toEqual(['Minji Park'])
    state.setQuery('nobody')
    expect(state.filtered).toEqual([])
    state.setQuery('')
    expect(state.filtered).toHaveLength(2)
  })

  it('validates the add form as the person types, with the specific message', async () => {
    const { bridge, state } = await setup()
    state.openAdd()
    const form = state.form!
    expect(form.problem).toBeNull()
    form.setName('Minji')
    form.setCode('7KD')
    expect(form.problem).toMatchObject({ code: ContactErrorCode.BadCode, field: 'code' })
    expect(form.problem!.message).toMatch(/too short/)
    form.setCode(formatRoomCode(bridge.identity.code))
    expect(form.problem?.code).toBe(ContactErrorCode.OwnCode)
    form.setCode(MINJI)
    expect(form.problem).toBeNull()
  })

  it('saves a valid contact, closes the form and shows the row at once', async () => {
    const { bridge, state } = await setup()
    state.openAdd()
    state.form!.setName('  Minji  ')
    state.form!.setCode(formatRoomCode(MINJI).toLowerCase())
    expect(await state.saveForm()).toBe(true)
    expect(bridge.callsOf('addContact')).toHaveLength(1)
    expect(state.form).toBeNull()
    expect(state.list).toMatchObject([{ name: 'Minji', code: MINJI }])
  })

  it('does not send a draft that is not valid, and shows why', async () => {
    const { bridge, state } = await setup()
    state.openAdd()
    expect(await state.saveForm()).toBe(false)
    expect(bridge.callsOf('addContact')).toHaveLength(0)
    expect(state.form!.problem?.code).toBe(ContactErrorCode.NameMissing)
  })

  it('shows main’s refusal with its code, until the person types again', async () => {
    const { bridge, state } = await setup()
    bridge.addContact = async () => {
      throw new Error(`Error invoking remote method 'contacts:add': ContactError: ${ContactErrorCode.TooMany}: You can keep at most 1000 contacts.`)
    }
    state.openAdd()
    state.form!.setName('Minji')
    state.form!.setCode(MINJI)
    expect(await state.saveForm()).toBe(false)
    expect(state.form!.problem).toMatchObject({ code: ContactErrorCode.TooMany, message: 'You can keep at most 1000 contacts.' })
    state.form!.setName('Minji P')
    expect(state.form!.problem).toBeNull()
  })

  it('edits a contact, starting from what is saved', async () => {
    const saved = contact('a', 'Minji', MINJI)
    const { bridge, state } = await setup([saved])
    state.openEdit(saved.id)
    expect(state.form!.name).toBe('Minji')
    expect(state.form!.code).toBe(formatRoomCode(MINJI))
    state.form!.setName('Minji Park')
    expect(await state.saveForm()).toBe(true)
    expect(bridge.callsOf('updateContact')).toEqual([{ method: 'updateContact', id: saved.id, draft: { name: 'Minji Park', code: formatRoomCode(MINJI) } }])
    expect(state.list).toMatchObject([{ id: saved.id, name: 'Minji Park' }])
  })

  it('removes a contact only after the confirmation', async () => {
    const saved = contact('a', 'Minji', MINJI)
    const { bridge, state } = await setup([saved])
    state.askRemove(saved.id)
    expect(state.confirmingRemove).toBe(saved.id)
    state.cancelRemove()
    expect(bridge.callsOf('removeContact')).toHaveLength(0)
    state.askRemove(saved.id)
    await state.confirmRemove()
    await settle()
    expect(bridge.callsOf('removeContact')).toEqual([{ method: 'removeContact', id: saved.id }])
    expect(state.list).toEqual([])
  })

  it('prefills the code when adding someone from a recent call', async () => {
    const { state } = await setup()
    state.openAdd(JOON)
    expect(state.form!.code).toBe(formatRoomCode(JOON))
  })
})
