/** Where the self-view sits on the stage: one of its four corners, moved by a button or by dragging it. */
export const SELF_VIEW_CORNERS = ['bottom-right', 'bottom-left', 'top-left', 'top-right'] as const
export type SelfViewCorner = (typeof SELF_VIEW_CORNERS)[number]

/** Where it sits until moved: out of the way of the other person's face, which cameras frame high and centred. */
export const DEFAULT_SELF_VIEW_CORNER: SelfViewCorner = 'bottom-right'

/** The next corner clockwise, for the Move button (four presses bring it back). */
export function nextSelfViewCorner(corner: SelfViewCorner): SelfViewCorner {
  const index = SELF_VIEW_CORNERS.indexOf(corner)
  return SELF_VIEW_CORNERS[(index + 1) % SELF_VIEW_CORNERS.length]!
}

/**
 * The corner nearest to where a drag ended, `x`/`y` measured from the stage's top-left, `width`/`height` the
 * stage's size. A drop exactly on a centre line counts as the right or bottom half.
 */
export function nearestSelfViewCorner(x: number, y: number, width: number, height: number): SelfViewCorner {
  const right = x >= width / 2
  const bottom = y >= height / 2
  if (bottom) return right ? 'bottom-right' : 'bottom-left'
  return right ? 'top-right' : 'top-left'
}
