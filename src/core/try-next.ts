/**
 * Where to practise next: the weakest competency so far, and the category whose scenarios
 * exercise it most. Pure functions over the person's averages and the scenario library.
 */
import type { CategoryId, CriterionId, Scenario } from './types';

/** A competency's running average, as points.ts computes it. */
export interface CompetencyAverage {
  id: CriterionId;
  average: number;
  count: number;
}

/**
 * The weakest competency, or none when there is nothing to improve on: after a perfect answer,
 * when every average is 5, or when all averages are equal (no competency is weaker than another).
 * Ties at the bottom go to the competency assessed more often (the firmer figure), then by id.
 */
export function weakestSoFar(avgs: readonly CompetencyAverage[], overall: number): CompetencyAverage | undefined {
  if (overall >= 5 || !avgs.length) return undefined;
  const lowest = Math.min(...avgs.map((a) => a.average));
  const highest = Math.max(...avgs.map((a) => a.average));
  if (lowest >= 5 || lowest === highest) return undefined;
  return [...avgs]
    .filter((a) => a.average === lowest)
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))[0];
}

/**
 * The category where most scenarios grade the criterion; ties go to the one with more scenarios
 * the person has not seen, then to the library's category order.
 */
export function categoryFor(
  criterion: CriterionId,
  scenarios: readonly Scenario[],
  categoryOrder: readonly CategoryId[],
  seen: readonly string[] = [],
): CategoryId | undefined {
  const seenSet = new Set(seen);
  const tally = new Map<CategoryId, { count: number; unseen: number }>();
  for (const s of scenarios) {
    if (!s.criteria.includes(criterion)) continue;
    const t = tally.get(s.category) ?? { count: 0, unseen: 0 };
    tally.set(s.category, { count: t.count + 1, unseen: t.unseen + (seenSet.has(s.id) ? 0 : 1) });
  }
  const rank = (c: CategoryId) => {
    const i = categoryOrder.indexOf(c);
    return i < 0 ? categoryOrder.length : i;
  };
  return [...tally.entries()].sort(
    ([a, x], [b, y]) => y.count - x.count || y.unseen - x.unseen || rank(a) - rank(b),
  )[0]?.[0];
}
