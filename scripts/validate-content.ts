/** Loads and validates all scenario content; prints counts per category. Usage: npx tsx scripts/validate-content.ts */
import { loadLibrary } from '../src/core/scenarios';

const lib = loadLibrary({ extraDirs: process.argv.slice(2) });
const byCategory: Record<string, number> = {};
for (const s of lib.scenarios) byCategory[s.category] = (byCategory[s.category] ?? 0) + 1;
console.log(`OK: ${lib.criteria.length} criteria, ${lib.scenarios.length} scenarios`, byCategory);
