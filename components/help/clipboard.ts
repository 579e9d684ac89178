/** How long a copy button says "Copied", ms. */
export const COPIED_MS = 2000;

/**
 * Copies text to the clipboard, with the old `execCommand('copy')` route where the async
 * clipboard API is missing or refused (an insecure origin, a denied permission).
 * @param text what to copy (any length).
 * @returns true when the text was copied; never throws.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
