/**
 * Message catalogs, one module per area of the app (`messages/call.ts`, `messages/chat.ts`…), each holding
 * that area's English and Korean side by side. The Korean catalog must have exactly the English one's shape,
 * so a missing or extra string is a type error, not a blank on screen. A message is a string, or a function
 * of its values when it has any (`(name: string) => \`Call with ${name}\``), so word order stays the
 * translator's choice.
 *
 * Usage: `export const callText = defineMessages({ en: {...}, ko: {...} })`, then `callText().hangUp` in a
 * component or state getter; reading it inside a template or `$derived` re-renders on a language change.
 */
import type { Locale } from '../../../shared/language'
import { currentLocale } from './current-locale.svelte'

export type Message = string | ((...values: never[]) => string)
export interface MessageTree {
  readonly [key: string]: Message | MessageTree
}

export type Catalogs<M extends MessageTree> = { readonly [L in Locale]: M }

export function defineMessages<M extends MessageTree>(catalogs: { en: M; ko: NoInfer<M> }): (() => M) & { readonly catalogs: Catalogs<M> } {
  const read = () => catalogs[currentLocale()]
  return Object.assign(read, { catalogs })
}
