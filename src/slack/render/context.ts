/**
 * What the renderers may look up beyond the reply itself: display names and a scenario's
 * category. The adapter builds it from the scenario library; tests can pass a stub.
 */
import type { CategoryId, Language } from '../../core/types';

export interface RenderContext {
  categoryName(id: CategoryId, lang: Language): string;
  scenarioCategory(scenarioId: string): CategoryId | undefined;
}

export const plainContext: RenderContext = {
  categoryName: (id) => id,
  scenarioCategory: () => undefined,
};
