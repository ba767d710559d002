import type { CrProgressFragment, DispatchMode } from '../generated/graphql';

/**
 * The dispatches this tab sent that are still running, kept in sessionStorage so that closing the
 * panel, switching views or reloading never loses the way back to a dispatch's progress and Cancel.
 * Cleared at sign-out, and per dispatch once it has ended and its restores have finished.
 */
const STORAGE = 'derms-control-room.activeDispatches';

export interface ActiveDispatch {
  id: string;
  mode: DispatchMode;
  until: string;
}

export function activeDispatches(): ActiveDispatch[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE) ?? '[]') as unknown;
    return Array.isArray(stored) ? stored.filter((d): d is ActiveDispatch => typeof d?.id === 'string' && typeof d.mode === 'string' && typeof d.until === 'string') : [];
  } catch {
    return [];
  }
}

function save(list: ActiveDispatch[]): void {
  if (list.length) sessionStorage.setItem(STORAGE, JSON.stringify(list));
  else sessionStorage.removeItem(STORAGE);
  dispatchEvent(new Event(ACTIVE_DISPATCHES_CHANGED));
}

/** Fired on window whenever the list changes, so the toolbar shows what there is to re-open. */
export const ACTIVE_DISPATCHES_CHANGED = 'control-room:active-dispatches';

export function rememberDispatch(dispatch: ActiveDispatch): void {
  save([...activeDispatches().filter((d) => d.id !== dispatch.id), dispatch]);
}

export function forgetDispatch(id: string): void {
  const list = activeDispatches();
  if (list.some((d) => d.id === id)) save(list.filter((d) => d.id !== id));
}

export function forgetAllDispatches(): void {
  sessionStorage.removeItem(STORAGE);
}

/** Nothing left to send, to hear back about, or to restore: nothing more to follow or cancel. */
export function dispatchOver(progress: CrProgressFragment): boolean {
  return progress.queued + progress.sent + progress.restoresPending === 0;
}
