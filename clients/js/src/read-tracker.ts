import type { Conversation } from './conversation.js';

/**
 * Browser helper: marks messages read when they are on screen while the page is visible. Give each
 * message element a `data-seq` attribute and call `observe(element)`; the conversation throttles
 * the `read` frames it sends.
 */
export class ReadTracker {
  private readonly observer: IntersectionObserver;
  private readonly visible = new Set<Element>();

  constructor(private readonly conversation: Conversation, root: Element | null = null) {
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) this.visible.add(entry.target);
          else this.visible.delete(entry.target);
        }
        this.flush();
      },
      { root, threshold: 0.6 },
    );
    document.addEventListener('visibilitychange', this.flush);
  }

  observe(element: Element): void {
    this.observer.observe(element);
  }

  unobserve(element: Element): void {
    this.observer.unobserve(element);
    this.visible.delete(element);
  }

  /** Marks read the highest seq on screen, when the page is visible. */
  readonly flush = (): void => {
    if (document.visibilityState !== 'visible') return;
    let max = 0;
    for (const element of this.visible) {
      if (!element.isConnected) {
        this.visible.delete(element);
        continue;
      }
      max = Math.max(max, Number((element as HTMLElement).dataset.seq ?? 0));
    }
    if (max > 0) this.conversation.markRead(max);
  };

  disconnect(): void {
    this.observer.disconnect();
    this.visible.clear();
    document.removeEventListener('visibilitychange', this.flush);
  }
}
