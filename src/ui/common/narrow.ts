/**
 * Whether the page opened in its one-column layout (a phone, a narrow window:
 * common/base.css's breakpoint). Folds that keep a phone's form short start
 * closed there; after that, opening and closing them is the person's.
 */
export const NARROW_LAYOUT = typeof matchMedia === 'function' ? matchMedia('(max-width: 900px)') : { matches: false };
