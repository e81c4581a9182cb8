import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { createSearchEngine } from '../../src/search/index.js';

/**
 * Questions a study group would ask, in their own words. `expect` names the passage that must come first;
 * `top3` marks questions where a neighbouring passage may reasonably win, so the named one must only be
 * in the top three.
 */
const QUESTIONS: Array<{ question: string; expect: string; top3?: true }> = [
  { question: 'What should the UN Security Council do about North Korea?', expect: 'park-2013#p5' },
  { question: 'Is a military strike on the table?', expect: 'park-2013#p5' },
  { question: 'What is the essential job of the Security Council?', expect: 'park-2013#p5' },
  { question: 'What does Park propose to give Pyongyang if it gives up its nukes?', expect: 'park-2013#p5' },
  // Jung's abstract ("a lack of genuine negotiation") answers this as well as Park's para. 4 does.
  { question: "Why hasn't negotiating with Pyongyang worked so far?", expect: 'park-2013#p4', top3: true },
  {
    question: 'Have the talks just led to an endless loop of provocations and sanctions?',
    expect: 'park-2013#p4',
  },
  { question: 'How might Japan react to another nuclear test?', expect: 'park-2013#p3' },
  { question: 'Could tensions with China over the islands get worse?', expect: 'park-2013#p3' },
  { question: 'Is the American pivot to Asia at risk?', expect: 'park-2013#p3' },
  { question: "Won't coercion just look like a threat of punishment?", expect: 'park-2013#p6' },
  { question: 'How do we avoid North Korea misreading our intentions?', expect: 'park-2013#p6' },
  {
    question: 'How is coercive engagement different from the persuasive kind?',
    expect: 'park-2013#p6',
    top3: true,
  },
  { question: 'Why do the countries involved need to see the threat the same way?', expect: 'park-2013#p7' },
  { question: 'What kind of regional organisation does Park want for Asia?', expect: 'park-2013#p7' },
  {
    question: 'Has the international community managed to stop the nuclear program in twenty years?',
    expect: 'park-2013#p1',
  },
  { question: 'Who is Kim Jong Un threatening with the next test?', expect: 'park-2013#p1' },
  { question: 'Will the test change how new leaders in China and Japan think?', expect: 'park-2013#p2' },
  { question: 'Should Washington rethink its North Korea policy?', expect: 'park-2013#p2' },
  { question: 'Does relying on coercion lead to stable outcomes?', expect: 'jung-2013#abstract' },
  { question: 'What is positive engagement supposed to achieve?', expect: 'jung-2013#abstract', top3: true },
  { question: 'How can aid be combined with deterrence?', expect: 'jung-2013#abstract' },
  { question: "What does Jung say about Pyongyang's isolation?", expect: 'jung-2013#abstract' },
  {
    question: 'Should the North be pushed to be more transparent about its weapons?',
    expect: 'jung-2013#abstract',
  },
  { question: 'Nun Lugar', expect: 'jung-2013#abstract', top3: true },
  { question: 'denuclearisation of the peninsula', expect: 'jung-2013#abstract' },
  { question: 'Which sources deal with South Africa giving up the bomb?', expect: 'jung-2013#ref2' },
  { question: 'Is anything cited on the famine in the North?', expect: 'jung-2013#ref20' },
  { question: 'Did the Pentagon plan pre-emptive nuclear strikes?', expect: 'jung-2013#ref9' },
  { question: 'Who wrote about hawk engagement?', expect: 'jung-2013#ref6' },
  { question: 'Which works cover the Sunshine Policy?', expect: 'jung-2013#ref48', top3: true },
  { question: 'the power of rewards instead of punishment', expect: 'jung-2013#ref3', top3: true },
  { question: 'the White House national security strategy', expect: 'jung-2013#ref45', top3: true },
];

const OFF_TOPIC = [
  'basketball playoffs',
  'photosynthesis',
  'recipe for kimchi stew',
  'who won the world cup',
  'how do I bake sourdough bread',
  'quantum entanglement experiments',
  'best stock market tips for beginners',
  'lyrics of a pop song',
];

const corpus = loadCorpus(DATA_DIR);
const engine = createSearchEngine(corpus);
let top1 = 0;
let top3 = 0;

describe('retrieval quality', () => {
  for (const { question, expect: expected, top3: onlyTop3 } of QUESTIONS) {
    it(`${onlyTop3 ? 'top-3' : 'top-1'}: ${question}`, () => {
      const ranked = engine.search(question, { limit: 3 }).map((hit) => hit.passage.id);
      if (ranked[0] === expected) top1++;
      if (ranked.includes(expected)) top3++;
      if (onlyTop3) expect(ranked).toContain(expected);
      else expect(ranked[0]).toBe(expected);
    });
  }

  for (const query of OFF_TOPIC) {
    it(`off-topic returns nothing: ${query}`, () => {
      expect(engine.search(query)).toEqual([]);
    });
  }

  it('meets the accuracy targets (>= 90 % top-1, 100 % top-3)', () => {
    const total = QUESTIONS.length;
    const top1Share = top1 / total;
    const top3Share = top3 / total;
    console.log(
      `retrieval suite: ${total} questions, top-1 ${(top1Share * 100).toFixed(1)} %, top-3 ${(top3Share * 100).toFixed(1)} %`,
    );
    expect(total).toBeGreaterThanOrEqual(25);
    expect(top1Share).toBeGreaterThanOrEqual(0.9);
    expect(top3Share).toBe(1);
  });
});
