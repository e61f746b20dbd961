import type { Attachment } from 'svelte/attachments'

/**
 * Moves keyboard focus to a screen's heading when the screen appears: the control that had focus belonged to
 * the screen just replaced, and without this focus would fall back to the top of the document.
 */
export const focusOnMount: Attachment<HTMLElement> = (element) => {
  element.focus({ preventScroll: true })
}
