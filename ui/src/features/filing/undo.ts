// Undo for what the filer deletes in the wizard (a party, an agent, a claim, an evidence item or
// file): the item goes at once and "已删除 · 撤销" stays for a while to put it back where it was.
// One deletion at a time can be undone: the newest.
import { ref } from "vue";

const KEEP_MS = 15_000;

export function useUndo() {
  const last = ref<{ what: string; restore: () => void } | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Takes item `i` out of `list`, keeping the way back. */
  function remove<T>(list: T[], i: number, what: string) {
    const [item] = list.splice(i, 1);
    last.value = { what, restore: () => list.splice(Math.min(i, list.length), 0, item) };
    clearTimeout(timer);
    timer = setTimeout(() => (last.value = null), KEEP_MS);
  }

  function undo() {
    last.value?.restore();
    last.value = null;
    clearTimeout(timer);
  }

  return { last, remove, undo };
}
