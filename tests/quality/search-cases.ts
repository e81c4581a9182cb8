import { DATA_DIR } from '../../src/corpus/index.js';
import { dataDirWith } from '../corpus/helpers.js';

/**
 * The questions the search quality suite asks, one case set per library directory. Each expected passage
 * was chosen by reading the text in data/ (or the fixture), never by running the engine: `expect` must come
 * first, or, with `top3`, be in the first three where a neighbouring passage answers about as well.
 */
export type CaseKind = 'topic' | 'long' | 'typo' | 'entity' | 'author' | 'argument' | 'bibliography';

export interface SearchCase {
  question: string;
  expect: string;
  top3?: true;
  kind: CaseKind;
}

export interface SearchCaseSet {
  /** Names the library in the report. */
  library: string;
  /** The data directory to load; a function, so a temporary one is made only when the set runs. */
  directory: () => string;
  questions: SearchCase[];
  /** Queries the library cannot answer: each must return nothing. */
  offTopic: string[];
}

/** A 676-character question naming the Security Council, military measures, the Charter, Japan and China. */
export const LONG_SECURITY_COUNCIL =
  'Our study group has been going back and forth about this for a while, so I will try to lay out the whole question. ' +
  'If North Korea goes ahead with another nuclear test, what exactly should the Security Council be doing about it? ' +
  'Some of us think the Council should be willing to consider military measures, while others worry that this would ' +
  'go against the Charter and make the situation on the peninsula even more dangerous. We also talked about whether ' +
  'some kind of regional framework would work better than relying on the UN alone, and how Japan and China would ' +
  'react, given the tensions between them over the disputed islands. What does the reading actually recommend here?';

const LONG_JAPAN =
  'I keep coming back to the part about the neighbours. Suppose the test goes ahead as announced: Tokyo has already ' +
  'said it would answer with sanctions of its own, and people in our group wondered whether that becomes an excuse ' +
  'for Japan to build up its military faster, which could then make the quarrel with China over those disputed ' +
  'islands flare up, and leave the American pivot to Asia looking shaky. Is that the worry the author raises?';

const LONG_JUNG =
  'We read the journal article last week and only had the abstract, so this may be a naive question, but the ' +
  'author seems to say that pressure and neglect have both failed, and that something gentler would work better, ' +
  'mixing aid with deterrence and getting Pyongyang out of its isolation. How exactly is that supposed to lead to ' +
  'the peaceful transformation of the North, and where does the Nunn-Lugar idea come in?';

const LONG_CYCLE =
  'Something that came up in our discussion: for years now the pattern seems to be that the North provokes, the ' +
  'world answers with sanctions, then everyone goes back to talks, and then the whole thing starts over, while ' +
  'the weapons programme keeps getting closer to completion anyway. Does the commentary describe this loop, and ' +
  'does it say what it has cost?';

export const SEED_CASES: SearchCaseSet = {
  library: 'seed library (data/)',
  directory: () => DATA_DIR,
  questions: [
    // Park, para. 1
    {
      question: 'Has the international community managed to stop the nuclear program in twenty years?',
      expect: 'park-2013#p1',
      kind: 'topic',
    },
    {
      question: 'Who is Kim Jong Un threatening with the next test?',
      expect: 'park-2013#p1',
      kind: 'entity',
    },
    { question: 'Kim Jong Un', expect: 'park-2013#p1', kind: 'entity' },
    { question: 'Is a third nuclear test imminent?', expect: 'park-2013#p1', kind: 'topic' },
    {
      question: 'What is the fundamental issue, stopping the test or ending the program?',
      expect: 'park-2013#p1',
      kind: 'topic',
    },
    {
      question: 'Have international efforts only delayed the nuclear program?',
      expect: 'park-2013#p1',
      kind: 'topic',
    },
    {
      question: 'Why is the Korean Peninsula a focus of international concern again?',
      expect: 'park-2013#p1',
      kind: 'topic',
    },
    { question: 'postpone a test', expect: 'park-2013#p1', kind: 'topic' },
    // Park, para. 2
    {
      question: 'Will the test change how new leaders in China and Japan think?',
      expect: 'park-2013#p2',
      kind: 'entity',
    },
    { question: 'Should Washington rethink its North Korea policy?', expect: 'park-2013#p2', kind: 'entity' },
    { question: 'strategic mindset of new leaders', expect: 'park-2013#p2', kind: 'topic' },
    { question: 'Does Park say we must review our strategy?', expect: 'park-2013#p2', kind: 'argument' },
    { question: 'What role should China play?', expect: 'park-2013#p2', top3: true, kind: 'entity' },
    // Park, para. 3
    { question: 'How might Japan react to another nuclear test?', expect: 'park-2013#p3', kind: 'entity' },
    {
      question: 'Could tensions with China over the islands get worse?',
      expect: 'park-2013#p3',
      kind: 'entity',
    },
    { question: 'Is the American pivot to Asia at risk?', expect: 'park-2013#p3', kind: 'entity' },
    { question: 'Will Japan speed up its military buildup?', expect: 'park-2013#p3', kind: 'entity' },
    { question: 'Japan sanctions on North Korea', expect: 'park-2013#p3', kind: 'entity' },
    { question: 'disputed islands', expect: 'park-2013#p3', kind: 'topic' },
    { question: 'japans military readyness', expect: 'park-2013#p3', kind: 'typo' },
    { question: LONG_JAPAN, expect: 'park-2013#p3', kind: 'long' },
    // Park, para. 4
    {
      question: 'Have the talks just led to an endless loop of provocations and sanctions?',
      expect: 'park-2013#p4',
      kind: 'topic',
    },
    {
      question: "Why hasn't negotiating with Pyongyang worked so far?",
      expect: 'park-2013#p4',
      top3: true,
      kind: 'topic',
    },
    {
      question: 'vicious cycle of provocations, sanctions and dialogues',
      expect: 'park-2013#p4',
      kind: 'topic',
    },
    {
      question: 'How close is North Korea to the final stage of weapon development?',
      expect: 'park-2013#p4',
      kind: 'topic',
    },
    {
      question: 'What has persuasive engagement achieved so far?',
      expect: 'park-2013#p4',
      top3: true,
      kind: 'topic',
    },
    { question: 'vicous cylce of provocatons', expect: 'park-2013#p4', kind: 'typo' },
    {
      question: 'Did the program cost more time and money than expected?',
      expect: 'park-2013#p4',
      kind: 'topic',
    },
    { question: LONG_CYCLE, expect: 'park-2013#p4', kind: 'long' },
    // Park, para. 5
    {
      question: 'What should the UN Security Council do about North Korea?',
      expect: 'park-2013#p5',
      kind: 'entity',
    },
    { question: 'Is a military strike on the table?', expect: 'park-2013#p5', kind: 'topic' },
    {
      question: 'What is the essential job of the Security Council?',
      expect: 'park-2013#p5',
      kind: 'entity',
    },
    {
      question: 'What does Park propose to give Pyongyang if it gives up its nukes?',
      expect: 'park-2013#p5',
      kind: 'argument',
    },
    { question: 'Security Counsel', expect: 'park-2013#p5', top3: true, kind: 'typo' },
    { question: 'Does the plan respect the UN Charter?', expect: 'park-2013#p5', kind: 'entity' },
    {
      question: 'What tasks does Park list for dealing with the test?',
      expect: 'park-2013#p5',
      kind: 'argument',
    },
    { question: 'How do we lock North Korea into engagement?', expect: 'park-2013#p5', kind: 'topic' },
    {
      question: 'What should a future Security Council resolution discuss?',
      expect: 'park-2013#p5',
      kind: 'entity',
    },
    {
      question: 'What happens if North Korea withdraws from the UN?',
      expect: 'park-2013#p5',
      kind: 'entity',
    },
    { question: 'plan of action by regional UN member states', expect: 'park-2013#p5', kind: 'topic' },
    {
      question: 'What does Park argue about shifting from persuasive to coercive engagement?',
      expect: 'park-2013#p5',
      top3: true,
      kind: 'argument',
    },
    { question: 'milatary opton', expect: 'park-2013#p5', kind: 'typo' },
    {
      question: 'reward North Korea for abandoning its nuclear ambitions',
      expect: 'park-2013#p5',
      kind: 'topic',
    },
    { question: LONG_SECURITY_COUNCIL, expect: 'park-2013#p5', kind: 'long' },
    // Park, para. 6
    {
      question: "Won't coercion just look like a threat of punishment?",
      expect: 'park-2013#p6',
      kind: 'topic',
    },
    {
      question: 'How do we avoid North Korea misreading our intentions?',
      expect: 'park-2013#p6',
      kind: 'topic',
    },
    {
      question: 'How is coercive engagement different from the persuasive kind?',
      expect: 'park-2013#p6',
      top3: true,
      kind: 'topic',
    },
    { question: 'strategic miscalculation', expect: 'park-2013#p6', kind: 'topic' },
    { question: "What shapes North Korea's cost-benefit analysis?", expect: 'park-2013#p6', kind: 'topic' },
    {
      question: 'demonstrating will and capability without miscommunication',
      expect: 'park-2013#p6',
      kind: 'topic',
    },
    {
      question: 'What is the most important caveat of the coercive strategy?',
      expect: 'park-2013#p6',
      kind: 'topic',
    },
    { question: 'well coordinated collective efforts', expect: 'park-2013#p6', kind: 'topic' },
    { question: 'misperceved as a thret of punishmnet', expect: 'park-2013#p6', kind: 'typo' },
    // Park, para. 7
    {
      question: 'Why do the countries involved need to see the threat the same way?',
      expect: 'park-2013#p7',
      kind: 'topic',
    },
    {
      question: 'What kind of regional organisation does Park want for Asia?',
      expect: 'park-2013#p7',
      kind: 'argument',
    },
    {
      question: 'What does the success of coercive engagement depend on?',
      expect: 'park-2013#p7',
      kind: 'topic',
    },
    { question: 'a code binding participating countries', expect: 'park-2013#p7', kind: 'topic' },
    { question: 'strategic cohesiveness', expect: 'park-2013#p7', kind: 'topic' },
    { question: 'Is a dialogue forum enough?', expect: 'park-2013#p7', kind: 'topic' },
    {
      question: 'How could the strategic gap among states be narrowed?',
      expect: 'park-2013#p7',
      kind: 'topic',
    },
    { question: 'comon perseption of threats', expect: 'park-2013#p7', kind: 'typo' },
    // Park as an author
    { question: 'Park', expect: 'park-2013#p1', top3: true, kind: 'author' },
    { question: 'Who is Jinho Park?', expect: 'park-2013#p1', top3: true, kind: 'author' },
    {
      question: 'What does Jinho Park say about a regional framework?',
      expect: 'park-2013#p7',
      kind: 'author',
    },
    { question: 'What does Park think the UNSC should consider?', expect: 'park-2013#p5', kind: 'author' },
    // Jung, abstract
    {
      question: 'Does relying on coercion lead to stable outcomes?',
      expect: 'jung-2013#abstract',
      kind: 'topic',
    },
    {
      question: 'What is positive engagement supposed to achieve?',
      expect: 'jung-2013#abstract',
      top3: true,
      kind: 'topic',
    },
    { question: 'How can aid be combined with deterrence?', expect: 'jung-2013#abstract', kind: 'topic' },
    {
      question: "What does Jung say about Pyongyang's isolation?",
      expect: 'jung-2013#abstract',
      kind: 'author',
    },
    {
      question: 'Should the North be pushed to be more transparent about its weapons?',
      expect: 'jung-2013#abstract',
      kind: 'topic',
    },
    { question: 'Nun Lugar', expect: 'jung-2013#abstract', top3: true, kind: 'typo' },
    { question: 'denuclearisation of the peninsula', expect: 'jung-2013#abstract', kind: 'topic' },
    { question: 'transparency', expect: 'jung-2013#abstract', kind: 'topic' },
    { question: 'Does Jung think sanctions work?', expect: 'jung-2013#abstract', kind: 'argument' },
    {
      question: 'What does Jung argue about coercive measures?',
      expect: 'jung-2013#abstract',
      kind: 'argument',
    },
    { question: 'social rehabilitation of North Korea', expect: 'jung-2013#abstract', kind: 'topic' },
    {
      question: 'Why are tactics based on coercion conflict-prone?',
      expect: 'jung-2013#abstract',
      kind: 'topic',
    },
    {
      question: 'What is the ultimate goal of the bold, open approach?',
      expect: 'jung-2013#abstract',
      kind: 'topic',
    },
    { question: 'antagonistic attitude of Pyongyang', expect: 'jung-2013#abstract', kind: 'entity' },
    {
      question: 'control measures that are difficult to reverse',
      expect: 'jung-2013#abstract',
      kind: 'topic',
    },
    {
      question: 'What does Haangsok Jung recommend instead of neglect?',
      expect: 'jung-2013#abstract',
      kind: 'author',
    },
    { question: 'postive engagemnt', expect: 'jung-2013#abstract', top3: true, kind: 'typo' },
    {
      question: 'Does the author think genuine negotiation has been lacking?',
      expect: 'jung-2013#abstract',
      kind: 'argument',
    },
    {
      question: 'stop the proliferation of weapons of mass destruction',
      expect: 'jung-2013#abstract',
      kind: 'topic',
    },
    { question: LONG_JUNG, expect: 'jung-2013#abstract', kind: 'long' },
    // Jung, keywords
    { question: 'joint consortium', expect: 'jung-2013#keywords', kind: 'topic' },
    { question: 'risk avoidance', expect: 'jung-2013#keywords', kind: 'topic' },
    // Jung, reference list
    {
      question: 'Which sources deal with South Africa giving up the bomb?',
      expect: 'jung-2013#ref2',
      kind: 'bibliography',
    },
    {
      question: 'Is anything cited on the famine in the North?',
      expect: 'jung-2013#ref20',
      kind: 'bibliography',
    },
    {
      question: 'Did the Pentagon plan pre-emptive nuclear strikes?',
      expect: 'jung-2013#ref9',
      kind: 'entity',
    },
    { question: 'Who wrote about hawk engagement?', expect: 'jung-2013#ref6', kind: 'bibliography' },
    {
      question: 'Which works cover the Sunshine Policy?',
      expect: 'jung-2013#ref48',
      top3: true,
      kind: 'bibliography',
    },
    {
      question: 'the power of rewards instead of punishment',
      expect: 'jung-2013#ref3',
      top3: true,
      kind: 'bibliography',
    },
    {
      question: 'the White House national security strategy',
      expect: 'jung-2013#ref45',
      top3: true,
      kind: 'bibliography',
    },
    {
      question: 'what sources does Jung cite on sanctions',
      expect: 'jung-2013#ref3',
      top3: true,
      kind: 'bibliography',
    },
    {
      question: 'Does Jung cite anything on the war in Iraq?',
      expect: 'jung-2013#ref10',
      kind: 'bibliography',
    },
    {
      question: 'Which article is about the causes of war and offense and defense?',
      expect: 'jung-2013#ref14',
      kind: 'bibliography',
    },
    {
      question: 'Is there a source on Pyongyang’s survival strategy?',
      expect: 'jung-2013#ref4',
      kind: 'bibliography',
    },
    {
      question: 'Who wrote about the myth of denuclearizing North Korea?',
      expect: 'jung-2013#ref28',
      kind: 'bibliography',
    },
    {
      question: 'Which sources discuss paying Kim Jong Il to go into exile?',
      expect: 'jung-2013#ref32',
      kind: 'bibliography',
    },
    { question: 'references on the six-party talks', expect: 'jung-2013#ref43', kind: 'bibliography' },
    { question: 'Does Jung cite Rumsfeld?', expect: 'jung-2013#ref40', kind: 'bibliography' },
    {
      question: 'Which works discuss the Obama administration?',
      expect: 'jung-2013#ref35',
      kind: 'bibliography',
    },
    {
      question: 'Has anyone written on economic sanctions cooperation?',
      expect: 'jung-2013#ref33',
      kind: 'bibliography',
    },
    {
      question: 'Is there a reference about counterterrorism?',
      expect: 'jung-2013#ref46',
      kind: 'bibliography',
    },
    {
      question: 'Who wrote about stopping a North Korean invasion?',
      expect: 'jung-2013#ref22',
      kind: 'bibliography',
    },
    {
      question: 'Which book covers constructive engagement in South Africa, Namibia and Angola?',
      expect: 'jung-2013#ref11',
      kind: 'bibliography',
    },
    { question: 'What did Victor Cha write?', expect: 'jung-2013#ref6', kind: 'bibliography' },
    { question: 'sources on nuclear brinkmanship', expect: 'jung-2013#ref42', kind: 'bibliography' },
    { question: 'Double-Edged Diplomacy', expect: 'jung-2013#ref13', kind: 'bibliography' },
    { question: 'relevance communication and cognition', expect: 'jung-2013#ref44', kind: 'bibliography' },
    {
      question: 'Which sources cover the history of negotiation records?',
      expect: 'jung-2013#ref49',
      kind: 'bibliography',
    },
    { question: 'the case for coercive diplomacy', expect: 'jung-2013#ref26', kind: 'bibliography' },
    { question: 'Park Kun Young', expect: 'jung-2013#ref36', top3: true, kind: 'author' },
  ],
  offTopic: [
    'basketball playoffs',
    'photosynthesis',
    'photosynthesis in plants',
    'recipe for kimchi stew',
    'who won the world cup',
    'how do I bake sourdough bread',
    'quantum entanglement experiments',
    'best stock market tips for beginners',
    'lyrics of a pop song',
    'volcano eruption forecast',
    'saxophone lessons near me',
    'how to train a puppy',
    'marathon running shoes',
    'the mitochondria is the powerhouse of the cell',
    'what time does the pharmacy open',
    'knitting a scarf for winter',
    'Can someone recommend a good thriller novel to read on holiday this summer, preferably something set at sea with a twist ending?',
  ],
};

/** A small invented document next to the seed library: the suite runs on any library directory. */
export const EXTRA_CASES: SearchCaseSet = {
  library: 'seed library + tests/fixtures/corpus/extra',
  directory: () => dataDirWith('extra/doe-2021.md'),
  questions: [
    { question: 'How often do reading groups meet?', expect: 'doe-2021#p1', kind: 'topic' },
    { question: 'What does each member bring?', expect: 'doe-2021#p1', kind: 'topic' },
    { question: 'Fixtures in Practice', expect: 'doe-2021#ref1', kind: 'bibliography' },
    { question: 'What does Jane Doe say about reading groups?', expect: 'doe-2021#p1', kind: 'author' },
    {
      question: 'What should the UN Security Council do about North Korea?',
      expect: 'park-2013#p5',
      kind: 'entity',
    },
  ],
  offTopic: ['basketball playoffs', 'recipe for kimchi stew'],
};

/** Every case set the suite runs; another library is one more entry. */
export const CASE_SETS: SearchCaseSet[] = [SEED_CASES, EXTRA_CASES];
