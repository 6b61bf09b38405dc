import { byId } from './dom.ts';
import { parseSource } from './format.ts';

/** What a person can hand the page: a magnet or an info hash (pasted), or a .torrent file (picked or dropped). */
export type GivenSource = NonNullable<ReturnType<typeof parseSource>> | File;

/**
 * Wires every way of giving the page a torrent: the paste form, the file picker, and a
 * .torrent dropped anywhere on the page. Pasted text that is neither a magnet nor an info
 * hash is answered with `showError`, in words, and never sent.
 */
export function onSourceGiven(showError: (text: string) => void, given: (source: GivenSource) => void): void {
  byId<HTMLFormElement>('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = byId<HTMLInputElement>('source-input').value;
    const source = parseSource(text);
    if (!source) {
      showError(text.trim() ? 'That is neither a magnet link (magnet:?xt=urn:btih:…) nor an info hash (40 hex or 32 base32 characters).' : 'Paste a magnet link or an info hash first.');
      return;
    }
    given(source);
  });
  byId<HTMLInputElement>('torrent-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) given(file);
  });
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) given(file);
  });
}
