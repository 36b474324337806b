/**
 * What the offline grader compares: words drawn where Intl.Segmenter draws them, Porter2 stems,
 * paraphrases folded into one concept, Hangul as bigrams; and sentences split without breaking
 * tokens such as "v2.14", "3.5%", "$1.2M", "e.g." or "U.S.".
 */
import { splitSentences } from '../../../src/core/text';
import { WORD, tokenize } from '../../../src/grading/offline/tokens';
import { fixtures } from './support';

describe('offline tokens', () => {
  it('finds the same words as Intl.Segmenter on the gold answers', () => {
    const seg = new Intl.Segmenter('en', { granularity: 'word' });
    let same = 0;
    let total = 0;
    for (const f of fixtures()) {
      const text = f.answer.toLowerCase();
      const a = [...seg.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
      const b = [...text.matchAll(WORD)].map((m) => m[0]);
      const counts = new Map<string, number>();
      for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const w of b) {
        const c = counts.get(w) ?? 0;
        if (c > 0) {
          same++;
          counts.set(w, c - 1);
        }
      }
      total += Math.max(a.length, b.length);
    }
    expect(same / total).toBeGreaterThanOrEqual(0.98);
  });

  it('stems and folds paraphrases into one concept', () => {
    const t = (s: string) => new Set(tokenize(s).terms);
    expect([...t('We can revert the release')]).toContain('@rollback');
    expect([...t('a quick roll back path')]).toContain('@rollback');
    expect([...t('who is accountable')]).toContain('@owner');
    expect([...t('the number we track weekly')]).toContain('@metric');
    expect([...t('a labelled set and a benchmark')]).toEqual(expect.arrayContaining(['@eval']));
    expect(t('prioritise').has([...t('prioritize')][0]!)).toBe(true);
    expect([...t('the connector drops 9% of messages')]).toContain('#9');
  });

  it('compares Korean as Hangul bigrams, so a stem meets its inflections', () => {
    const a = new Set(tokenize('매핑되지 않은 코드를 로그로 남깁니다').terms);
    const b = new Set(tokenize('매핑 계층의 로그').terms);
    expect([...b].filter((x) => a.has(x))).toEqual(expect.arrayContaining(['매핑', '로그']));
  });
});

describe('splitSentences', () => {
  it('never splits inside version numbers, decimals, money, abbreviations or initialisms', () => {
    const text = 'We pin v2.14 until the 3.5% drop rate is fixed, e.g. by the mapping layer. It costs $1.2M a year in the U.S. market. Then we ship!';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'We pin v2.14 until the 3.5% drop rate is fixed, e.g. by the mapping layer.',
      'It costs $1.2M a year in the U.S. market.',
      'Then we ship!',
    ]);
  });

  it('still splits on full stops, bullets, line breaks and Korean sentence ends', () => {
    expect(splitSentences('- First point.\n2) Second one? Yes.').map((s) => s.text)).toEqual(['First point.', 'Second one?', 'Yes.']);
    expect(splitSentences('먼저 로그를 봅니다. 그 다음 알림을 겁니다.').map((s) => s.text)).toEqual(['먼저 로그를 봅니다.', '그 다음 알림을 겁니다.']);
  });
});
