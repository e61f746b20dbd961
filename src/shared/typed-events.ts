/**
 * A small typed event hub: `on(event, listener)` returns its own unsubscribe, and `listenerCount()` lets tests
 * prove that a teardown removed every listener. Owned privately by the classes that emit (the signaling
 * client, the phone line), which expose `on` and keep `emit` to themselves.
 */
export type Listener<T> = (payload: T) => void

export class TypedEvents<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    let set = this.#listeners.get(event)
    if (!set) this.#listeners.set(event, (set = new Set()))
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    // A copy: a listener may unsubscribe (itself or another) while the event is being delivered.
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as Listener<Events[E]>)(payload)
  }

  listenerCount(): number {
    let count = 0
    for (const set of this.#listeners.values()) count += set.size
    return count
  }

  clear(): void {
    this.#listeners.clear()
  }
}
